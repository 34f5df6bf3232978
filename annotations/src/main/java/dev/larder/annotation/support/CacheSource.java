package dev.larder.annotation.support;

import dev.larder.LarderCache;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * Where the annotations get their caches: one {@link CacheManager} (by default the default
 * provider's default manager), caches created on first use, and the bindings of {@code @Cached}
 * methods to them (Larder's per-entry TTL, or a cache per (name, ttl) elsewhere).
 */
public final class CacheSource {

  private static final CacheSource SHARED = new CacheSource(null);

  private volatile CacheManager manager;
  private final boolean larderExtensions;
  /** For {@link #clear}: the caches actually used under each {@code @Cached} cache name. */
  private final ConcurrentMap<String, Set<String>> families = new ConcurrentHashMap<>();
  /** Fallback single-flight state, one per actual cache, shared by every method using it. */
  private final ConcurrentMap<String, ConcurrentMap<Object, java.util.concurrent.CompletableFuture<Object>>>
      inFlight = new ConcurrentHashMap<>();

  /**
   * Creates a source over a given manager (tests and embedding); annotations use {@link #shared()}.
   *
   * @param manager the cache manager, or {@code null} for the default provider's default manager
   */
  public CacheSource(CacheManager manager) {
    this(manager, true);
  }

  /**
   * Creates a source that may be told to ignore Larder's extensions, so tests can run the fallback
   * path (any JCache provider) on Larder caches.
   */
  CacheSource(CacheManager manager, boolean larderExtensions) {
    this.manager = manager;
    this.larderExtensions = larderExtensions;
  }

  /**
   * The source that woven code uses.
   *
   * @return the shared source
   */
  public static CacheSource shared() {
    return SHARED;
  }

  /**
   * Switches to another cache manager. {@code @Cached} methods bound before must be rebound
   * ({@link Memoizer#unbindAll()}); {@code CacheControl.useCacheManager} does both.
   *
   * @param manager the manager, or {@code null} for the default one
   */
  public void use(CacheManager manager) {
    this.manager = manager;
    families.clear();
    inFlight.clear();
  }

  /**
   * The cache manager in use.
   *
   * @return the configured manager, or the default provider's default manager
   */
  public CacheManager manager() {
    CacheManager current = manager;
    if (current == null || current.isClosed()) {
      current = Caching.getCachingProvider().getCacheManager();
      manager = current;
    }
    return current;
  }

  /**
   * Binds a {@code @Cached} method to its cache, creating the cache if it does not exist.
   *
   * @param method the method's metadata
   * @return the binding (Larder or fallback)
   * @throws IllegalStateException if an existing cache contradicts the annotation
   */
  Binding bind(CachedMethod method) {
    Cache<Object, Object> plain = getOrCreate(method.cacheName(), null, method);
    LarderCache<Object, Object> larder = larderExtensions ? larderView(plain) : null;
    if (larder != null) {
      remember(method.cacheName(), method.cacheName());
      return new LarderBinding(larder, method);
    }
    String actual = method.ttl() == null ? method.cacheName() : method.cacheName() + "~" + method.ttl();
    Cache<Object, Object> cache = actual.equals(method.cacheName()) ? plain : getOrCreate(actual, method.ttl(), method);
    remember(method.cacheName(), actual);
    return new FallbackBinding(cache, inFlight.computeIfAbsent(actual, n -> new ConcurrentHashMap<>()), method);
  }

  /**
   * Returns the Larder view of a cache, or {@code null} if it is not a (working) Larder cache.
   *
   * @param cache any cache
   * @return the view or {@code null}
   */
  public static LarderCache<Object, Object> larderView(Cache<Object, Object> cache) {
    if (cache instanceof LarderCache<Object, Object> larder) {
      return larder;
    }
    try {
      @SuppressWarnings("unchecked")
      LarderCache<Object, Object> view = cache.unwrap(LarderCache.class);
      return view;
    } catch (RuntimeException notLarder) {
      return null;
    }
  }

  /**
   * Removes every entry of the caches used under a {@code @Cached} cache name.
   *
   * @param cacheName the name given in the annotation (or derived)
   */
  public void clear(String cacheName) {
    Set<String> actual = families.getOrDefault(cacheName, Set.of(cacheName));
    for (String name : actual) {
      Cache<Object, Object> cache = manager().getCache(name);
      if (cache != null) {
        cache.clear();
      }
    }
  }

  private void remember(String name, String actual) {
    families.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(actual);
  }

  private Cache<Object, Object> getOrCreate(String name, Duration fixedTtl, CachedMethod method) {
    CacheManager cm = manager();
    Cache<Object, Object> cache = cm.getCache(name);
    if (cache == null) {
      MutableConfiguration<Object, Object> config = new MutableConfiguration<>()
          .setStoreByValue(false);
      if (fixedTtl != null) {
        config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(jcache(fixedTtl)));
      }
      try {
        cache = createPreferringReferences(cm, name, config);
      } catch (CacheException raced) {
        cache = cm.getCache(name);
        if (cache == null) {
          throw raced;
        }
      }
    }
    check(cache, fixedTtl, method);
    return cache;
  }

  /**
   * Creates a cache that stores by reference (memoized results need no copies), or by value where
   * by-reference is not supported (a shared cache keeps encoded copies in Redis).
   */
  private static Cache<Object, Object> createPreferringReferences(CacheManager cm, String name,
      MutableConfiguration<Object, Object> config) {
    try {
      return cm.createCache(name, config);
    } catch (UnsupportedOperationException byReferenceUnsupported) {
      return cm.createCache(name, config.setStoreByValue(true));
    }
  }

  private static void check(Cache<Object, Object> cache, Duration fixedTtl, CachedMethod method) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> config = cache.getConfiguration(CompleteConfiguration.class);
    Class<?> valueType = config.getValueType();
    if (valueType != Object.class) {
      Class<?> result = method.valueType();
      if (!valueType.isAssignableFrom(result) || method.cacheNull()) {
        throw new IllegalStateException("Cache '" + cache.getName() + "' holds values of type "
            + valueType.getName() + ", but " + method.where() + " stores " + result.getName()
            + (method.cacheNull() ? " and null markers" : "")
            + "; give the method its own cache (@Cached(cache = ...)) or create the cache with value type Object");
      }
    }
    if (fixedTtl != null) {
      Factory<ExpiryPolicy> factory = config.getExpiryPolicyFactory();
      javax.cache.expiry.Duration wanted = jcache(fixedTtl);
      javax.cache.expiry.Duration actual = factory == null ? null : factory.create().getExpiryForCreation();
      if (!wanted.equals(actual)) {
        throw new IllegalStateException("Cache '" + cache.getName() + "' exists with a creation expiry of "
            + actual + ", but " + method.where() + " asks for ttl " + fixedTtl
            + "; remove one of them, or use a Larder cache (per-entry time to live)");
      }
    }
  }

  private static javax.cache.expiry.Duration jcache(Duration ttl) {
    return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, Math.max(1, ttl.toMillis()));
  }
}
