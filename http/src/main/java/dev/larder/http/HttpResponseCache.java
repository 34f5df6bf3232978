package dev.larder.http;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.engine.Clock;
import dev.larder.http.internal.Endpoint;
import dev.larder.http.internal.EntryStore;
import dev.larder.http.internal.Markers;
import dev.larder.http.internal.Percent;
import dev.larder.http.internal.RequestKeys;
import dev.larder.http.internal.SingleFlight;
import dev.larder.http.management.HttpCacheBeans;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * An HTTP response cache: the endpoints to cache, the Larder cache that holds their responses,
 * the in-flight computations, the counts, and the operations that clear entries. Serve requests
 * through it with {@link LarderHttpFilter}; one instance may back several filters.
 *
 * <p>The responses live in a {@link LarderCache}{@code <String, CachedResponse>}, used only
 * through the {@code LarderCache} API, so every Larder mode works: volatile (in memory),
 * persistent (responses survive restarts) and, once it exists, shared. Each entry is stored with
 * its endpoint's time to live. The in-flight computations ("one endpoint run per key") are per
 * JVM.
 *
 * <p>Thread-safe. Close it when the application stops: that unregisters the MXBeans and closes
 * the Larder cache if this instance created it.
 */
public final class HttpResponseCache implements AutoCloseable {

  private final HttpCacheConfig config;
  private final EntryStore store;
  private final boolean ownsCache;
  private final List<Endpoint> bySpecificity;
  private final Map<String, Endpoint> byId = new LinkedHashMap<>();
  private final SingleFlight flights;
  private final Markers markers;
  private final LongSupplier clock;
  private final HttpCacheBeans beans;
  private volatile boolean closed;

  private HttpResponseCache(HttpCacheConfig config, LarderCache<String, CachedResponse> cache, boolean ownsCache) {
    this.config = config;
    this.store = new EntryStore(cache);
    this.ownsCache = ownsCache;
    List<Endpoint> endpoints = new ArrayList<>();
    for (EndpointConfig e : config.endpoints()) {
      Endpoint ep = new Endpoint(e);
      endpoints.add(ep);
      byId.put(e.id(), ep);
    }
    endpoints.sort(Comparator.comparingInt((Endpoint ep) -> ep.config().path().specificity()).reversed());
    this.bySpecificity = List.copyOf(endpoints);
    this.flights = new SingleFlight(config.lockTimeout().toNanos());
    this.markers = new Markers(config.cacheStatusHeader(), config.xCacheHeader());
    this.clock = clockOf(cache);
    HttpCacheBeans registered = null;
    if (config.jmx()) {
      try {
        registered = HttpCacheBeans.register(this);
      } catch (RuntimeException e) {
        if (ownsCache) {
          cache.close();
        }
        throw e;
      }
    }
    this.beans = registered;
  }

  /**
   * Creates a cache whose responses live in the Larder cache {@link HttpCacheConfig#cacheName()} of
   * a cache manager: created with the configured bound, mode and folder if the manager has no such
   * cache (and then closed by {@link #close()}), used as it is otherwise.
   *
   * @param config the settings
   * @param manager a Larder cache manager
   * @return the cache
   * @throws HttpCacheConfigException if the manager is not Larder's or holds a cache of that name
   *     with other types
   */
  public static HttpResponseCache create(HttpCacheConfig config, CacheManager manager) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(manager, "manager");
    String name = config.cacheName();
    Cache<String, CachedResponse> existing = existing(manager, name);
    if (existing != null) {
      return new HttpResponseCache(config, larder(existing), false);
    }
    LarderConfiguration<String, CachedResponse> c = new LarderConfiguration<>();
    c.setTypes(String.class, CachedResponse.class);
    c.setStoreByValue(false); // entries are immutable; copying a body on every hit would cost for nothing
    c.setMaximumSize(config.maxEntries());
    c.setMode(config.mode());
    c.setDirectory(config.directory());
    try {
      return new HttpResponseCache(config, larder(manager.createCache(name, c)), true);
    } catch (CacheException e) {
      Cache<String, CachedResponse> raced = existing(manager, name);
      if (raced == null) {
        throw e;
      }
      return new HttpResponseCache(config, larder(raced), false);
    }
  }

  /**
   * Creates a cache over a Larder cache the application made itself (and closes itself: {@link
   * #close()} leaves it open).
   *
   * @param config the settings; its cache name, bound, mode and folder are not used
   * @param cache a Larder cache with {@code String} keys and {@link CachedResponse} values
   * @return the cache
   * @throws IllegalArgumentException if the cache is not a Larder cache
   */
  public static HttpResponseCache create(HttpCacheConfig config, Cache<String, CachedResponse> cache) {
    return new HttpResponseCache(Objects.requireNonNull(config, "config"), larder(cache), false);
  }

  /**
   * Creates a cache from properties: the Larder cache manager named by {@code cache-manager-uri}
   * (default: the Larder provider's default manager for the class loader).
   *
   * @param settings the settings
   * @param loader the class loader of the application
   * @return the cache
   * @throws HttpCacheConfigException if a setting is wrong
   */
  public static HttpResponseCache open(HttpCacheSettings settings, ClassLoader loader) {
    HttpCacheConfig config = settings.toConfig();
    CachingProvider provider = Caching.getCachingProvider(LarderCachingProvider.class.getName(), loader);
    URI uri = provider.getDefaultURI();
    String text = settings.getCacheManagerUri();
    if (text != null && !text.isBlank()) {
      try {
        uri = URI.create(text.trim());
      } catch (IllegalArgumentException e) {
        throw new HttpCacheConfigException("larder.http.cache-manager-uri = \"" + text + "\" is not a URI: "
            + e.getMessage(), e);
      }
    }
    return create(config, provider.getCacheManager(uri, loader));
  }

  @SuppressWarnings("unchecked")
  private static Cache<String, CachedResponse> existing(CacheManager manager, String name) {
    Cache<Object, Object> cache = manager.getCache(name);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
    if (!c.getKeyType().isAssignableFrom(String.class) || !c.getValueType().isAssignableFrom(CachedResponse.class)) {
      throw new HttpCacheConfigException("cache '" + name + "' of " + manager.getURI() + " holds "
          + c.getKeyType().getName() + " -> " + c.getValueType().getName() + ", not String -> "
          + CachedResponse.class.getName() + ": choose another larder.http.cache-name");
    }
    return (Cache<String, CachedResponse>) (Cache<?, ?>) cache;
  }

  private static LarderCache<String, CachedResponse> larder(Cache<String, CachedResponse> cache) {
    try {
      return LarderCache.of(cache);
    } catch (IllegalArgumentException e) {
      throw new HttpCacheConfigException("larder-http needs a Larder cache: " + e.getMessage(), e);
    }
  }

  /** A Larder cache manager may carry a test clock; ages and deadlines then follow it. */
  private static LongSupplier clockOf(Cache<?, ?> cache) {
    Object clock = cache.getCacheManager().getProperties().get(LarderCacheManager.CLOCK_PROPERTY);
    return clock instanceof Clock c ? c::millis : System::currentTimeMillis;
  }

  /** @return the settings */
  public HttpCacheConfig config() {
    return config;
  }

  /** @return the Larder cache that holds the responses */
  public LarderCache<String, CachedResponse> cache() {
    return store.cache();
  }

  /** @return the endpoint names, in configuration order */
  public List<String> endpoints() {
    return List.copyOf(byId.keySet());
  }

  /**
   * Returns the counts of one endpoint.
   *
   * @param endpoint its name
   * @return a snapshot of its counts
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public EndpointStats stats(String endpoint) {
    return endpoint(endpoint).counters().snapshot();
  }

  /** @return the counts of every endpoint, in configuration order */
  public Map<String, EndpointStats> stats() {
    Map<String, EndpointStats> all = new LinkedHashMap<>();
    byId.forEach((id, ep) -> all.put(id, ep.counters().snapshot()));
    return all;
  }

  /**
   * Counts an endpoint's stored responses by walking the cache's keys (a cost proportional to the
   * cache's size: for monitoring, not for every request).
   *
   * @param endpoint its name
   * @return the number of live entries
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public long entries(String endpoint) {
    return store.count(endpoint(endpoint).keyPrefix());
  }

  /**
   * Removes every stored response, of every endpoint (and entries left by endpoints no longer configured).
   *
   * @return how many entries were removed
   */
  public long clearAll() {
    ensureOpen();
    byId.values().forEach(Endpoint::advanceClearEpoch);
    return store.removeByPrefix(Endpoint.KEY_PREFIX);
  }

  /**
   * Removes the stored responses of one endpoint. Responses being computed while this runs are
   * not kept.
   *
   * @param endpoint its name
   * @return how many entries were removed
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public long clearEndpoint(String endpoint) {
    ensureOpen();
    Endpoint ep = endpoint(endpoint);
    ep.advanceClearEpoch();
    return store.removeByPrefix(ep.keyPrefix());
  }

  /**
   * Removes the stored responses of one URL: every variant (vary values, principals) of its path
   * and selected query parameters.
   *
   * @param pathAndQuery the path inside the web application with its query, e.g. {@code /users/42?fields=name}
   * @return how many entries were removed
   * @throws IllegalArgumentException if no endpoint matches the path, or the text cannot be decoded
   */
  public long clearEntry(String pathAndQuery) {
    ensureOpen();
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    int q = pathAndQuery.indexOf('?');
    String path = Percent.decodePath(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    Endpoint ep = match(path);
    if (ep == null) {
      throw new IllegalArgumentException("no larder-http endpoint matches \"" + path + "\" (endpoints: "
          + describeEndpoints() + "); give the path inside the web application, without the context path");
    }
    ep.advanceClearEpoch();
    return store.removeByPrefix(RequestKeys.entryPrefix(ep, path, query));
  }

  /**
   * Tells which endpoint a URL belongs to.
   *
   * @param pathAndQuery the path inside the web application, optionally with its query
   * @return the endpoint's name, or {@code null} if none matches
   * @throws IllegalArgumentException if the path has a broken {@code %} escape
   */
  public String endpointOf(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    Endpoint ep = match(Percent.decodePath(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q)));
    return ep == null ? null : ep.config().id();
  }

  /**
   * Unregisters the MXBeans and closes the Larder cache if this instance created it. Requests
   * already inside the filter finish; later ones pass through uncached.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (beans != null) {
      beans.unregister();
    }
    if (ownsCache) {
      store.cache().close();
    }
  }

  /** @return {@code true} once {@link #close()} ran */
  public boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("larder-http cache '" + config.cacheName() + "' is closed");
    }
  }

  private Endpoint endpoint(String id) {
    Endpoint ep = byId.get(id);
    if (ep == null) {
      throw new IllegalArgumentException("no larder-http endpoint named '" + id + "'; endpoints: " + describeEndpoints());
    }
    return ep;
  }

  private String describeEndpoints() {
    List<String> all = new ArrayList<>();
    byId.forEach((id, ep) -> all.add(id + " " + ep.config().path()));
    return all.toString();
  }

  // ---- for the filter (same package) ----

  Endpoint match(String path) {
    if (closed) {
      return null;
    }
    for (Endpoint ep : bySpecificity) {
      if (ep.config().path().matches(path)) {
        return ep;
      }
    }
    return null;
  }

  EntryStore store() {
    return store;
  }

  SingleFlight flights() {
    return flights;
  }

  Markers markers() {
    return markers;
  }

  long now() {
    return clock.getAsLong();
  }

}
