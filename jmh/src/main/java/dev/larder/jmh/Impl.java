package dev.larder.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.larder.LarderConfiguration;
import java.time.Duration;
import org.cache2k.Cache2kBuilder;
import org.cache2k.jcache.ExtendedMutableConfiguration;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.spi.CachingProvider;

/** The caches under test. JCache providers are chosen explicitly by class name. */
public enum Impl {

  /** The baseline: a plain {@link ConcurrentHashMap} (ignores expiry, statistics and copies). */
  CHM {
    @Override
    public CacheAdapter create(Settings settings) {
      ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
      return new CacheAdapter() {
        @Override
        public Integer get(Integer key) {
          return map.get(key);
        }

        @Override
        public void put(Integer key, Integer value) {
          map.put(key, value);
        }

        @Override
        public void close() {
          map.clear();
        }
      };
    }
  },

  /** Caffeine's own API (no JCache layer): an upper bound for what a JCache adapter can reach. */
  CAFFEINE {
    @Override
    public CacheAdapter create(Settings settings) {
      Caffeine<Object, Object> builder = Caffeine.newBuilder();
      if (settings.ttl()) {
        builder.expireAfterWrite(Duration.ofHours(1));
      }
      if (settings.statistics()) {
        builder.recordStats();
      }
      if (settings.maximumSize() > 0) {
        builder.maximumSize(settings.maximumSize()).executor(Runnable::run);
      }
      Cache<Integer, Integer> cache = builder.build();
      return new CacheAdapter() {
        @Override
        public Integer get(Integer key) {
          return cache.getIfPresent(key);
        }

        @Override
        public void put(Integer key, Integer value) {
          cache.put(key, value);
        }

        @Override
        public void close() {
          cache.invalidateAll();
        }
      };
    }
  },

  /** Larder. */
  LARDER("dev.larder.spi.LarderCachingProvider"),
  /** Caffeine's JCache adapter. */
  CAFFEINE_JCACHE("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider"),
  /** Ehcache 3's JCache adapter. */
  EHCACHE3("org.ehcache.jsr107.EhcacheCachingProvider"),
  /** cache2k's JCache adapter. */
  CACHE2K("org.cache2k.jcache.provider.JCacheProvider"),
  /** The JSR-107 reference implementation. */
  RI("org.jsr107.ri.spi.RICachingProvider");

  private final String providerClass;

  Impl() {
    this(null);
  }

  Impl(String providerClass) {
    this.providerClass = providerClass;
  }

  /**
   * Creates a cache of this implementation.
   *
   * @param settings the configuration
   * @return a new, empty cache
   */
  public CacheAdapter create(Settings settings) {
    CachingProvider provider = Caching.getCachingProvider(providerClass);
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader(),
        new Properties());
    MutableConfiguration<Integer, Integer> config;
    if (this == LARDER) {
      config = new LarderConfiguration<Integer, Integer>().setMaximumSize(settings.maximumSize());
    } else if (this == CACHE2K) {
      // cache2k bounds every cache (default 1802 entries); give it room for the whole key space
      config = ExtendedMutableConfiguration.of(Cache2kBuilder.of(Integer.class, Integer.class)
          .entryCapacity(settings.maximumSize() > 0 ? settings.maximumSize() : 1 << 22));
    } else {
      config = new MutableConfiguration<>();
    }
    config.setTypes(Integer.class, Integer.class)
        .setStoreByValue(settings.byValue())
        .setStatisticsEnabled(settings.statistics())
        .setExpiryPolicyFactory(settings.ttl() ? policy(settings.policy()) : EternalExpiryPolicy.factoryOf());
    String name = "bench-" + System.nanoTime();
    javax.cache.Cache<Integer, Integer> cache = manager.createCache(name, config);
    return new CacheAdapter() {
      @Override
      public Integer get(Integer key) {
        return cache.get(key);
      }

      @Override
      public void put(Integer key, Integer value) {
        cache.put(key, value);
      }

      @Override
      public void close() {
        manager.destroyCache(name);
        manager.close();
      }
    };
  }

  private static Factory<? extends ExpiryPolicy> policy(String name) {
    javax.cache.expiry.Duration hour = new javax.cache.expiry.Duration(TimeUnit.HOURS, 1);
    return switch (name) {
      case "CREATED" -> CreatedExpiryPolicy.factoryOf(hour);
      case "ACCESSED" -> AccessedExpiryPolicy.factoryOf(hour);
      case "MODIFIED" -> ModifiedExpiryPolicy.factoryOf(hour);
      case "TOUCHED" -> TouchedExpiryPolicy.factoryOf(hour);
      default -> throw new IllegalArgumentException("policy " + name);
    };
  }
}
