package dev.larder.http;

import dev.larder.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one HTTP response cache: its endpoints, the Larder cache it keeps responses in,
 * the limits and the markers. Immutable; build one with {@link #builder()} or from properties with
 * {@link HttpCacheSettings#toConfig()}.
 */
public final class HttpCacheConfig {

  /** The default name of the Larder cache that holds the responses. */
  public static final String DEFAULT_CACHE_NAME = "larder-http";
  /** The default bound on the number of stored responses. */
  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  /** The default limit of a key and of an entry: 10 KB. */
  public static final int DEFAULT_MAX_BYTES = 10 * 1024;
  /** The largest limit accepted for a key or an entry: 64 MB (a response is held in memory up to the limit while it is sent). */
  public static final int MAX_LIMIT_BYTES = 64 * 1024 * 1024;
  /** The default time a request waits for another request computing the same entry. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  private final String cacheName;
  private final long maxEntries;
  private final int maxKeyBytes;
  private final int maxEntryBytes;
  private final Duration lockTimeout;
  private final boolean cacheStatusHeader;
  private final boolean xCacheHeader;
  private final boolean jmx;
  private final Mode mode;
  private final String directory;
  private final List<EndpointConfig> endpoints;

  private HttpCacheConfig(Builder b) {
    this.cacheName = b.cacheName;
    this.maxEntries = b.maxEntries;
    this.maxKeyBytes = b.maxKeyBytes;
    this.maxEntryBytes = b.maxEntryBytes;
    this.lockTimeout = b.lockTimeout;
    this.cacheStatusHeader = b.cacheStatusHeader;
    this.xCacheHeader = b.xCacheHeader;
    this.jmx = b.jmx;
    this.mode = b.mode;
    this.directory = b.directory;
    this.endpoints = List.copyOf(b.endpoints);
  }

  /**
   * Starts a configuration with the defaults: cache {@value #DEFAULT_CACHE_NAME}, 10,000 entries,
   * 10 KB keys and entries, a 5 s lock timeout, both markers, JMX on, the cache manager's mode.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the name of the Larder cache created (or reused) for the responses */
  public String cacheName() {
    return cacheName;
  }

  /** @return the bound on stored responses given to a cache this library creates */
  public long maxEntries() {
    return maxEntries;
  }

  /** @return the largest key, in bytes; a request with a larger key bypasses the cache */
  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  /** @return the largest entry (status, headers, body), in bytes; a larger response is sent whole and not stored */
  public int maxEntryBytes() {
    return maxEntryBytes;
  }

  /** @return how long a request waits for another one that is computing the same entry, before it runs the endpoint itself */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /** @return whether responses carry the RFC 9211 {@code Cache-Status} header */
  public boolean cacheStatusHeader() {
    return cacheStatusHeader;
  }

  /** @return whether responses carry the {@code X-Cache} header */
  public boolean xCacheHeader() {
    return xCacheHeader;
  }

  /** @return whether the cache and its endpoints are registered as MXBeans */
  public boolean jmx() {
    return jmx;
  }

  /** @return the mode of a cache this library creates, or {@code null} for the cache manager's default */
  public Mode mode() {
    return mode;
  }

  /** @return the folder of a persistent cache this library creates, or {@code null} for the cache manager's default */
  public String directory() {
    return directory;
  }

  /** @return the endpoints, in the order they were added */
  public List<EndpointConfig> endpoints() {
    return endpoints;
  }

  @Override
  public String toString() {
    return "HttpCacheConfig[cache=" + cacheName + ", maxEntries=" + maxEntries + ", maxKeyBytes=" + maxKeyBytes
        + ", maxEntryBytes=" + maxEntryBytes + ", lockTimeout=" + lockTimeout + ", endpoints=" + endpoints + "]";
  }

  /** Collects the settings; {@link #build()} checks them. */
  public static final class Builder {
    private String cacheName = DEFAULT_CACHE_NAME;
    private long maxEntries = DEFAULT_MAX_ENTRIES;
    private int maxKeyBytes = DEFAULT_MAX_BYTES;
    private int maxEntryBytes = DEFAULT_MAX_BYTES;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private boolean cacheStatusHeader = true;
    private boolean xCacheHeader = true;
    private boolean jmx = true;
    private Mode mode;
    private String directory;
    private final List<EndpointConfig> endpoints = new ArrayList<>();

    private Builder() {}

    /**
     * Names the Larder cache that holds the responses.
     *
     * @param cacheName a cache name, not blank
     * @return this builder
     */
    public Builder cacheName(String cacheName) {
      this.cacheName = cacheName;
      return this;
    }

    /**
     * Bounds the number of stored responses of a cache this library creates; beyond it Larder
     * evicts the entries least likely to be asked for again (sampled TinyLFU).
     *
     * @param maxEntries a positive count
     * @return this builder
     */
    public Builder maxEntries(long maxEntries) {
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Limits the key (endpoint, path, selected query, vary values, principal).
     *
     * @param bytes a positive size, at most {@link #MAX_LIMIT_BYTES}
     * @return this builder
     */
    public Builder maxKeyBytes(int bytes) {
      this.maxKeyBytes = bytes;
      return this;
    }

    /**
     * Limits a stored entry (status, headers and body). A larger response still reaches the client
     * whole; the cache keeps at most this many bytes of it in memory while it is sent.
     *
     * @param bytes a positive size, at most {@link #MAX_LIMIT_BYTES}
     * @return this builder
     */
    public Builder maxEntryBytes(int bytes) {
      this.maxEntryBytes = bytes;
      return this;
    }

    /**
     * Sets how long a request waits for another request that is computing the same entry.
     *
     * @param timeout positive, at most 10 minutes
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * Turns the {@code Cache-Status} header on or off.
     *
     * @param on {@code true} to send it
     * @return this builder
     */
    public Builder cacheStatusHeader(boolean on) {
      this.cacheStatusHeader = on;
      return this;
    }

    /**
     * Turns the {@code X-Cache} header on or off.
     *
     * @param on {@code true} to send it
     * @return this builder
     */
    public Builder xCacheHeader(boolean on) {
      this.xCacheHeader = on;
      return this;
    }

    /**
     * Turns the MXBeans on or off.
     *
     * @param on {@code true} to register them
     * @return this builder
     */
    public Builder jmx(boolean on) {
      this.jmx = on;
      return this;
    }

    /**
     * Chooses the mode of a cache this library creates.
     *
     * @param mode {@link Mode#VOLATILE}, {@link Mode#PERSISTENT}, or {@code null} for the cache manager's default
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Chooses the folder of a persistent cache this library creates.
     *
     * @param directory a folder path, or {@code null} for the cache manager's default
     * @return this builder
     */
    public Builder directory(String directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Adds an endpoint.
     *
     * @param endpoint its configuration
     * @return this builder
     */
    public Builder endpoint(EndpointConfig endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /**
     * Checks the settings and builds the configuration.
     *
     * @return the configuration
     * @throws HttpCacheConfigException naming the property of the first wrong setting
     */
    public HttpCacheConfig build() {
      if (cacheName == null || cacheName.isBlank()) {
        throw new HttpCacheConfigException("larder.http.cache-name is blank: name the Larder cache for the responses,"
            + " or leave it out for \"" + DEFAULT_CACHE_NAME + "\"");
      }
      if (maxEntries <= 0) {
        throw new HttpCacheConfigException("larder.http.max-entries = " + maxEntries + " must be positive (default 10000)");
      }
      checkLimit(maxKeyBytes, "larder.http.max-key-bytes");
      checkLimit(maxEntryBytes, "larder.http.max-entry-bytes");
      if (lockTimeout == null || lockTimeout.isZero() || lockTimeout.isNegative()
          || lockTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new HttpCacheConfigException("larder.http.lock-timeout = " + lockTimeout + " must be positive and at most"
            + " 10 minutes (default 5s)");
      }
      Map<String, EndpointConfig> ids = new HashMap<>();
      Map<String, EndpointConfig> shapes = new HashMap<>();
      for (EndpointConfig e : endpoints) {
        if (ids.putIfAbsent(e.id(), e) != null) {
          throw new HttpCacheConfigException("larder-http endpoint '" + e.id() + "' is configured twice: give each"
              + " endpoint its own name");
        }
        EndpointConfig same = shapes.putIfAbsent(e.path().shape(), e);
        if (same != null) {
          throw new HttpCacheConfigException("larder-http endpoints '" + same.id() + "' (" + same.path() + ") and '"
              + e.id() + "' (" + e.path() + ") match the same paths: merge them, or make one pattern more specific");
        }
      }
      return new HttpCacheConfig(this);
    }

    private static void checkLimit(int bytes, String property) {
      if (bytes <= 0) {
        throw new HttpCacheConfigException(property + " = " + bytes + " must be positive (default 10KB)");
      }
      if (bytes > MAX_LIMIT_BYTES) {
        throw new HttpCacheConfigException(property + " = " + bytes + " is more than the maximum of 64MB: a response"
            + " is held in memory up to this size while it is sent");
      }
    }
  }
}
