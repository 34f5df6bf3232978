package dev.larder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A JSR-107 {@link MutableConfiguration} that also carries Larder's own settings.
 *
 * <p>Pass it to {@link javax.cache.CacheManager#createCache} like any configuration; the cache keeps
 * a copy, and {@code cache.getConfiguration(LarderConfiguration.class)} returns it. A plain
 * {@code MutableConfiguration} (what frameworks pass) is accepted as well and gets Larder's
 * defaults.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class LarderConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  /** "No size bound": the default of {@link #getMaximumSize()}. */
  public static final long UNBOUNDED = 0;

  private long maximumSize = UNBOUNDED;

  /** {@link #getMaxKeyBytes()} and {@link #getMaxValueBytes()} value meaning "no limit". */
  public static final int UNLIMITED = 0;

  private Duration defaultTtl;
  private int maxKeyBytes = UNLIMITED;
  private int maxValueBytes = UNLIMITED;

  /** The default of {@link #getWriteBehindWindow()}: 100 ms. */
  public static final Duration DEFAULT_WRITE_BEHIND_WINDOW = Duration.ofMillis(100);

  private Mode mode;
  private String directory;
  private Durability durability;
  private Duration writeBehindWindow = DEFAULT_WRITE_BEHIND_WINDOW;
  private Encoding encoding;
  private List<String> allowedTypes = new ArrayList<>();

  private String redisUri;
  private String redisNamespace;
  private Duration redisTimeout;
  private Duration redisLease;
  private String redisTrustStore;
  private Integer redisNearCache;

  /** Creates a configuration with the JSR-107 defaults and Larder's defaults. */
  public LarderConfiguration() {
    super();
  }

  /**
   * Copies a configuration: its JSR-107 settings and, if it is a {@code LarderConfiguration}, Larder's.
   *
   * @param configuration the configuration to copy
   */
  public LarderConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof LarderConfiguration<K, V> larder) {
      copyLarderSettings(larder);
    }
  }

  /**
   * Bounds the number of entries. When a write makes the cache hold more, the cache evicts entries
   * it judges least likely to be used again (sampled TinyLFU, see {@code dev.larder.engine.EntryTable}); each eviction
   * counts in the {@code CacheEvictions} statistic and sends no event (JSR-107 has no eviction
   * event). Under concurrent writers the bound may be exceeded briefly by at most the number of
   * writing threads.
   *
   * @param maximumSize the largest number of entries, or {@link #UNBOUNDED} (0) for no bound
   * @return this configuration
   * @throws IllegalArgumentException if {@code maximumSize} is negative
   */
  public LarderConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must be 0 (unbounded) or positive, not " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * Returns the bound on the number of entries.
   *
   * @return the largest number of entries, or {@link #UNBOUNDED} (0)
   */
  public long getMaximumSize() {
    return maximumSize;
  }

  /** Copies the Larder-specific settings of another configuration into this one. */
  private void copyLarderSettings(LarderConfiguration<K, V> other) {
    this.maximumSize = other.maximumSize;
    this.defaultTtl = other.defaultTtl;
    this.maxKeyBytes = other.maxKeyBytes;
    this.maxValueBytes = other.maxValueBytes;
    this.mode = other.mode;
    this.directory = other.directory;
    this.durability = other.durability;
    this.writeBehindWindow = other.writeBehindWindow;
    this.encoding = other.encoding;
    this.allowedTypes = new ArrayList<>(other.allowedTypes);
    this.redisUri = other.redisUri;
    this.redisNamespace = other.redisNamespace;
    this.redisTimeout = other.redisTimeout;
    this.redisLease = other.redisLease;
    this.redisTrustStore = other.redisTrustStore;
    this.redisNearCache = other.redisNearCache;
  }

  /**
   * Returns the mode chosen for this cache.
   *
   * @return the mode, or {@code null} to use the cache manager's default (its {@code larder.mode}
   *     property, else the {@code larder.mode} system property, else {@link Mode#VOLATILE})
   */
  public Mode getMode() {
    return mode;
  }

  /**
   * Chooses where the cache keeps its entries.
   *
   * @param mode the mode, or {@code null} for the cache manager's default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setMode(Mode mode) {
    this.mode = mode;
    return this;
  }

  /**
   * Returns the folder of a persistent cache's store file.
   *
   * @return the folder path, or {@code null} for the cache manager's default ({@code
   *     larder.directory}, else {@code ./larder-data})
   */
  public String getDirectory() {
    return directory;
  }

  /**
   * Sets the folder of a persistent cache's store file ({@code <cache name>.db} in it, created with
   * owner-only permissions if missing).
   *
   * @param directory a folder path, or {@code null} for the manager's default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setDirectory(String directory) {
    this.directory = directory;
    return this;
  }

  /**
   * Returns what a write of a persistent cache has survived when it returns.
   *
   * @return the durability, or {@code null} for the manager's default ({@link Durability#COMMIT})
   */
  public Durability getDurability() {
    return durability;
  }

  /**
   * Sets what a write of a persistent cache has survived when it returns.
   *
   * @param durability the durability, or {@code null} for the manager's default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setDurability(Durability durability) {
    this.durability = durability;
    return this;
  }

  /**
   * Returns the longest time a {@link Durability#WRITE_BEHIND} write may wait before it is written.
   *
   * @return the window (default {@link #DEFAULT_WRITE_BEHIND_WINDOW})
   */
  public Duration getWriteBehindWindow() {
    return writeBehindWindow;
  }

  /**
   * Sets the longest time a {@link Durability#WRITE_BEHIND} write may wait before it is written:
   * what a crash can lose at most.
   *
   * @param window a positive duration
   * @return this configuration
   * @throws IllegalArgumentException if {@code window} is null, zero or negative
   */
  public LarderConfiguration<K, V> setWriteBehindWindow(Duration window) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("writeBehindWindow must be positive, was " + window);
    }
    this.writeBehindWindow = window;
    return this;
  }

  /**
   * Returns how a persistent cache encodes keys and values.
   *
   * @return the encoding, or {@code null} for the manager's default ({@link Encoding#JSON})
   */
  public Encoding getEncoding() {
    return encoding;
  }

  /**
   * Sets how a persistent cache encodes keys and values.
   *
   * @param encoding the encoding, or {@code null} for the manager's default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setEncoding(Encoding encoding) {
    this.encoding = encoding;
    return this;
  }

  /**
   * Returns the type names and package prefixes a persistent cache may decode, besides its key and
   * value types and the JDK's value types.
   *
   * @return an unmodifiable list of class names or package prefixes ending in {@code .}
   */
  public List<String> getAllowedTypes() {
    return List.copyOf(allowedTypes);
  }

  /**
   * Allows a persistent cache to decode more types: values are often subtypes of the configured
   * value type, or the cache is untyped ({@code Object}). Anything not allowed fails to decode
   * with an error naming the type, so a tampered store file cannot instantiate arbitrary classes.
   *
   * @param namesOrPackages class names ({@code com.example.User}), package prefixes ending in
   *     {@code .} ({@code com.example.}), or the preset {@code @hibernate}: exactly Hibernate's
   *     second-level cache entry types (see {@link dev.larder.config.TypePresets})
   * @return this configuration
   * @throws IllegalArgumentException if a name starts with {@code @} but is no preset
   */
  public LarderConfiguration<K, V> allowTypes(String... namesOrPackages) {
    for (String n : namesOrPackages) {
      allowedTypes.addAll(dev.larder.config.TypePresets.expand(Objects.requireNonNull(n, "type name").trim()));
    }
    return this;
  }

  /**
   * Returns the Redis a {@linkplain Mode#SHARED shared} cache keeps its entries in.
   *
   * @return a {@code redis://} or {@code rediss://} URI (several, comma-separated, for the seed
   *     nodes of a Redis Cluster), or {@code null} for the manager's default ({@code
   *     larder.redis.uri}, else {@code redis://127.0.0.1:6379})
   */
  public String getRedisUri() {
    return redisUri;
  }

  /**
   * Sets the Redis of a shared cache: {@code redis://[[user]:password@]host[:port][/database]},
   * {@code rediss://} for TLS; a Redis Cluster is recognised by itself (give one node, or several
   * comma-separated). The password never appears in Larder's messages.
   *
   * @param uri the URI, or {@code null} for the manager's default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setRedisUri(String uri) {
    this.redisUri = uri;
    return this;
  }

  /**
   * Returns the namespace that keeps this application's shared caches apart from others on the
   * same Redis: the first part of every Redis key the cache uses.
   *
   * @return the namespace, or {@code null} for the manager's default ({@code larder.redis.namespace},
   *     else {@code larder})
   */
  public String getRedisNamespace() {
    return redisNamespace;
  }

  /**
   * Sets the namespace of a shared cache's Redis keys. Instances that share a cache use the same
   * namespace, cache manager URI and cache name; any of them different means another cache.
   *
   * @param namespace any non-empty text, or {@code null} for the manager's default
   * @return this configuration
   * @throws IllegalArgumentException if {@code namespace} is empty
   */
  public LarderConfiguration<K, V> setRedisNamespace(String namespace) {
    if (namespace != null && namespace.isBlank()) {
      throw new IllegalArgumentException("redisNamespace must not be blank");
    }
    this.redisNamespace = namespace;
    return this;
  }

  /**
   * Returns how long a shared cache waits for Redis before an operation fails.
   *
   * @return the timeout, or {@code null} for the manager's default ({@code larder.redis.timeout},
   *     else 3 seconds)
   */
  public Duration getRedisTimeout() {
    return redisTimeout;
  }

  /**
   * Sets how long a shared cache waits for each answer of Redis; an operation that gets none fails
   * with a {@link javax.cache.CacheException} naming the cache and the Redis endpoint.
   *
   * @param timeout a positive duration, or {@code null} for the manager's default
   * @return this configuration
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public LarderConfiguration<K, V> setRedisTimeout(Duration timeout) {
    this.redisTimeout = positiveOrNull(timeout, "redisTimeout");
    return this;
  }

  /**
   * Returns how long another instance waits at most before it takes over a key whose holder died:
   * the lease of a step on a key, and of a computation ({@code getOrCompute}) in flight.
   *
   * @return the lease, or {@code null} for the manager's default ({@code larder.redis.lease}, else
   *     10 seconds)
   */
  public Duration getRedisLease() {
    return redisLease;
  }

  /**
   * Sets the lease of a shared cache: a live instance renews its leases while it works, so this
   * bounds only how long the others wait for a key whose instance died or was cut off.
   *
   * @param lease a duration of at least 100 ms, or {@code null} for the manager's default
   * @return this configuration
   * @throws IllegalArgumentException if {@code lease} is shorter than 100 ms
   */
  public LarderConfiguration<K, V> setRedisLease(Duration lease) {
    if (lease != null && lease.toMillis() < 100) {
      throw new IllegalArgumentException("redisLease must be at least 100ms, was " + lease);
    }
    this.redisLease = lease;
    return this;
  }

  /**
   * Returns the certificates a shared cache trusts for a {@code rediss://} connection.
   *
   * @return a PEM file path, or {@code null} for the JVM's default trust store
   */
  public String getRedisTrustStore() {
    return redisTrustStore;
  }

  /**
   * Sets the certificates (a PEM file of one or more X.509 certificates, such as a private CA)
   * that a {@code rediss://} connection trusts, instead of the JVM's default trust store.
   *
   * @param pemFile a file path, or {@code null} for the default
   * @return this configuration
   */
  public LarderConfiguration<K, V> setRedisTrustStore(String pemFile) {
    this.redisTrustStore = pemFile;
    return this;
  }

  /**
   * Returns the size of a shared cache's near cache: how many entries each instance keeps in its own
   * memory, invalidated by every change any instance makes.
   *
   * @return the number of entries ({@code 0}: no near cache), or {@code null} for the manager's
   *     default ({@code larder.redis.near-cache}, else {@code 0})
   */
  public Integer getRedisNearCache() {
    return redisNearCache;
  }

  /**
   * Sets the near cache of a shared cache: each instance answers reads of up to {@code maxEntries}
   * keys from its own memory; every change made by any instance invalidates the other instances'
   * copies (see the shared mode's documentation for the staleness bound).
   *
   * @param maxEntries the most entries kept per instance, {@code 0} for none, or {@code null} for
   *     the manager's default
   * @return this configuration
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public LarderConfiguration<K, V> setRedisNearCache(Integer maxEntries) {
    if (maxEntries != null && maxEntries < 0) {
      throw new IllegalArgumentException("redisNearCache must be 0 or more, was " + maxEntries);
    }
    this.redisNearCache = maxEntries;
    return this;
  }

  private static Duration positiveOrNull(Duration d, String name) {
    if (d != null && (d.isZero() || d.isNegative())) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /**
   * Returns the time to live of entries when neither the call nor the expiry policy sets one.
   *
   * @return the default time to live, or {@code null} for none (entries are eternal)
   */
  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  /**
   * Sets the time to live of entries when neither the call (a {@code LarderCache} method with a
   * ttl) nor the expiry policy sets one. It applies while the expiry policy is the default
   * (eternal) one; any other policy decides for itself.
   *
   * @param defaultTtl a positive duration, or {@code null} for none
   * @return this configuration
   * @throws IllegalArgumentException if {@code defaultTtl} is zero or negative
   */
  public LarderConfiguration<K, V> setDefaultTtl(Duration defaultTtl) {
    if (defaultTtl != null && (defaultTtl.isZero() || defaultTtl.isNegative())) {
      throw new IllegalArgumentException("defaultTtl must be positive, was " + defaultTtl);
    }
    this.defaultTtl = defaultTtl;
    return this;
  }

  /**
   * Returns the largest key the cache accepts, in bytes of its encoded form.
   *
   * @return the limit in bytes, or {@link #UNLIMITED}
   */
  public int getMaxKeyBytes() {
    return maxKeyBytes;
  }

  /**
   * Limits the size of keys, measured on their encoded form (UTF-8 for strings, the bytes of a
   * {@code byte[]}, Java serialization otherwise). A write with a larger key fails with a
   * {@link SizeLimitExceededException} and stores nothing.
   *
   * @param maxKeyBytes the limit in bytes; {@link #UNLIMITED} (0) for none
   * @return this configuration
   * @throws IllegalArgumentException if negative
   */
  public LarderConfiguration<K, V> setMaxKeyBytes(int maxKeyBytes) {
    this.maxKeyBytes = checkLimit(maxKeyBytes, "maxKeyBytes");
    return this;
  }

  /**
   * Returns the largest value the cache accepts, in bytes of its encoded form.
   *
   * @return the limit in bytes, or {@link #UNLIMITED}
   */
  public int getMaxValueBytes() {
    return maxValueBytes;
  }

  /**
   * Limits the size of values, measured like {@link #setMaxKeyBytes(int)}. A write with a larger
   * value fails with a {@link SizeLimitExceededException} and stores nothing.
   *
   * @param maxValueBytes the limit in bytes; {@link #UNLIMITED} (0) for none
   * @return this configuration
   * @throws IllegalArgumentException if negative
   */
  public LarderConfiguration<K, V> setMaxValueBytes(int maxValueBytes) {
    this.maxValueBytes = checkLimit(maxValueBytes, "maxValueBytes");
    return this;
  }

  private static int checkLimit(int limit, String name) {
    if (limit < 0) {
      throw new IllegalArgumentException(name + " must be 0 (unlimited) or positive, was " + limit);
    }
    return limit;
  }

  // ------------------------------------------------------------------ JSR-107 setters, chainable in any order
  // Each inherited setter is overridden only to return LarderConfiguration, so that
  // new LarderConfiguration<K, V>().setTypes(...).setMaximumSize(...) compiles in either order.

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return this configuration
   */
  @Override
  public LarderConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LarderConfiguration<?, ?> other) || !super.equals(o)) {
      return false;
    }
    return Objects.equals(defaultTtl, other.defaultTtl) && maxKeyBytes == other.maxKeyBytes
        && maxValueBytes == other.maxValueBytes
        && maximumSize == other.maximumSize && mode == other.mode
        && Objects.equals(directory, other.directory) && durability == other.durability
        && writeBehindWindow.equals(other.writeBehindWindow) && encoding == other.encoding
        && allowedTypes.equals(other.allowedTypes) && Objects.equals(redisUri, other.redisUri)
        && Objects.equals(redisNamespace, other.redisNamespace) && Objects.equals(redisTimeout, other.redisTimeout)
        && Objects.equals(redisLease, other.redisLease) && Objects.equals(redisTrustStore, other.redisTrustStore)
        && Objects.equals(redisNearCache, other.redisNearCache);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), defaultTtl, maxKeyBytes, maxValueBytes, maximumSize,
        mode, directory, durability, encoding);
  }
}
