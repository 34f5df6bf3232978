package dev.larder.jcache;

import dev.larder.LarderConfiguration;
import dev.larder.config.ConfigFile;
import dev.larder.engine.Clock;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * Larder's {@link CacheManager}: a named set of caches sharing a URI, a class loader and
 * properties. Obtain one from {@code Caching.getCachingProvider().getCacheManager(...)}.
 *
 * <p>Recognised properties: {@code larder.mode}, {@code larder.directory}, {@code
 * larder.durability}, {@code larder.encoding} and {@code larder.allow-types} set the defaults of
 * persistent mode (see {@code docs/persistence.md}); {@value #CLOCK_PROPERTY} may hold a {@link Clock} instance that all
 * caches of this manager read time from (for tests); by default the system clock is used.
 *
 * <p>A manager applies a configuration file ({@link ConfigFile#locate}: the file its URI names, the
 * {@code larder.config} system property, or {@code larder.properties} on the classpath) to every
 * cache it creates, and creates the caches the file names when it starts.
 */
public final class LarderCacheManager implements CacheManager {

  /** The property whose value, a {@link Clock} instance, replaces the system clock. */
  public static final String CLOCK_PROPERTY = "dev.larder.clock";

  /**
   * The property whose value, a {@link ConfigFile} instance, is this manager's configuration in
   * place of a file found by {@link ConfigFile#locate} (frameworks pass their own settings this
   * way, see {@link ConfigFile#of}).
   */
  public static final String CONFIG_PROPERTY = "dev.larder.config-file";

  private final CachingProvider provider;
  private final CacheThreads threads;
  private final Consumer<LarderCacheManager> onClose;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final Clock clock;
  /** A clock given in the properties (tests), or {@code null}: caches then do no background work. */
  private final Clock injectedClock;
  private final ConfigFile configFile;
  private final StoreDefaults storeDefaults;
  private final ConcurrentHashMap<String, LarderJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Creates a manager; called by the caching provider.
   *
   * @param provider the provider that owns it
   * @param threads the provider's background threads
   * @param onClose told when this manager closes, so the provider forgets it
   * @param uri its URI
   * @param classLoader the class loader of its caches' keys and values
   * @param properties its properties (copied)
   */
  public LarderCacheManager(CachingProvider provider, CacheThreads threads, Consumer<LarderCacheManager> onClose,
      URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.classLoader = new WeakReference<>(Objects.requireNonNull(classLoader, "classLoader"));
    this.properties = new Properties();
    this.properties.putAll(properties);
    Object clockProperty = properties.get(CLOCK_PROPERTY);
    this.injectedClock = clockProperty instanceof Clock c ? c : null;
    this.clock = injectedClock != null ? injectedClock : threads.timekeeper().clock();
    Object configProperty = properties.get(CONFIG_PROPERTY);
    this.configFile = configProperty instanceof ConfigFile given ? given : ConfigFile.locate(uri, classLoader);
    this.storeDefaults = new StoreDefaults(uri, this.properties);
    for (String name : configFile.cacheNames()) {
      createCache(name, new LarderConfiguration<>());
    }
  }

  /**
   * Returns the configuration file this manager applies to its caches.
   *
   * @return the file's settings, or an empty configuration if there is no file
   */
  public ConfigFile configFile() {
    return configFile;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    ClassLoader loader = classLoader.get();
    if (loader == null) {
      throw new IllegalStateException("The class loader of cache manager " + uri + " was garbage collected");
    }
    return loader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("A cache named '" + cacheName + "' already exists in cache manager " + uri
            + "; use getCache to obtain it, or destroyCache first");
      }
      LarderConfiguration<K, V> copy = copyOf(configuration);
      configFile.settingsFor(cacheName).applyTo(copy);
      storeDefaults.applyTo(cacheName, copy);
      threads.cacheOpened();
      LarderJCache<K, V> cache;
      try {
        cache = new LarderJCache<>(this, cacheName, copy, clock,
            injectedClock == null ? threads.timekeeper() : null, threads.lanes());
      } catch (RuntimeException | Error e) {
        threads.cacheClosed();
        throw e;
      }
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private static <K, V> LarderConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new LarderConfiguration<>(complete);
    }
    LarderConfiguration<K, V> copy = new LarderConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<?, ?> config = cache.getConfiguration(CompleteConfiguration.class);
    if (!config.getKeyType().equals(keyType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has keys of type " + config.getKeyType().getName()
          + ", not " + keyType.getName());
    }
    if (!config.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has values of type "
          + config.getValueType().getName() + ", not " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) caches.get(cacheName);
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    ensureOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Forgets a cache that closed itself. */
  void released(LarderJCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  /** Told by a cache once it has released everything: the provider's threads may stop. */
  void closed(LarderJCache<?, ?> cache) {
    threads.cacheClosed();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.accept(this);
    for (LarderJCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache manager " + uri + " cannot be unwrapped to " + clazz.getName());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "LarderCacheManager[" + uri + "]";
  }
}
