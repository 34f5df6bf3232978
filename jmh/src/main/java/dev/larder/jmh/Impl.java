package dev.larder.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.larder.LarderConfiguration;
import java.time.Duration;
import org.cache2k.Cache2kBuilder;
import org.cache2k.jcache.ExtendedMutableConfiguration;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import java.util.OptionalLong;
import java.util.Properties;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.jsr107.Eh107Configuration;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.spi.CachingProvider;

/** The caches under test. JCache providers are chosen explicitly by class name. */
public enum Impl {

  /** The baseline: a plain {@link ConcurrentHashMap} (ignores expiry, statistics and copies). */
  CHM {
    @Override
    public CacheAdapter create(Settings settings) {
      return CacheAdapter.of(new ConcurrentHashMap<>());
    }
  },

  /** Caffeine's own API (no JCache layer): an upper bound for what a JCache adapter can reach. */
  CAFFEINE {
    @Override
    public CacheAdapter create(Settings settings) {
      Caffeine<Object, Object> builder = Caffeine.newBuilder();
      if (settings.expiry() == Expiry.CREATED) {
        builder.expireAfterWrite(Duration.ofHours(1));
      } else if (settings.ttl()) {
        // Caffeine has no "touched" policy of its own; access-based expiry is the closest
        builder.expireAfterAccess(Duration.ofHours(1));
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
        .setExpiryPolicyFactory(settings.expiry().factory());
    if (settings.listener()) {
      config.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new RemovedOnly()), null, false, true));
    }
    String name = "bench-" + System.nanoTime();
    javax.cache.Cache<Integer, Integer> cache;
    if (settings.maximumSize() > 0 && this == CAFFEINE_JCACHE) {
      // bounded through Caffeine's own JCache configuration (its default executor, as documented)
      CaffeineConfiguration<Integer, Integer> bounded = new CaffeineConfiguration<>(config);
      bounded.setMaximumSize(OptionalLong.of(settings.maximumSize()));
      cache = manager.createCache(name, bounded);
    } else if (settings.maximumSize() > 0 && this == EHCACHE3) {
      cache = manager.createCache(name, ehcacheBounded(settings));
      if (settings.statistics()) {
        manager.enableStatistics(name, true);
      }
    } else if (settings.maximumSize() > 0 && this == RI) {
      throw new IllegalArgumentException("the reference implementation has no size bound");
    } else {
      cache = manager.createCache(name, config);
    }
    verify(cache, settings);
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

  /** Ehcache 3 bounded by a heap tier of so many entries, through Ehcache's own configuration. */
  private static javax.cache.configuration.Configuration<Integer, Integer> ehcacheBounded(Settings settings) {
    var builder = CacheConfigurationBuilder.newCacheConfigurationBuilder(Integer.class, Integer.class,
        ResourcePoolsBuilder.heap(settings.maximumSize()));
    if (settings.expiry() == Expiry.CREATED) {
      builder = builder.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofHours(1)));
    } else if (settings.ttl()) {
      builder = builder.withExpiry(ExpiryPolicyBuilder.timeToIdleExpiration(Duration.ofHours(1)));
    }
    if (settings.byValue()) {
      throw new IllegalArgumentException("bounded Ehcache runs by reference only here");
    }
    return Eh107Configuration.fromEhcacheCacheConfiguration(builder);
  }

  /**
   * Checks that the cache is what the benchmark claims: the provider named by class, and the
   * expiry policy, statistics, store-by-value and listener settings as configured.
   */
  private void verify(javax.cache.Cache<Integer, Integer> cache, Settings settings) {
    String actual = cache.getCacheManager().getCachingProvider().getClass().getName();
    if (this == EHCACHE3 && settings.maximumSize() > 0) {
      // configured through Ehcache's own configuration, which it does not expose as a CompleteConfiguration
      if (!actual.equals(providerClass)) {
        throw new IllegalStateException(this + " is not configured as " + settings + ": provider " + actual);
      }
      return;
    }
    CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
    Object policy = c.getExpiryPolicyFactory().create();
    Object expected = settings.expiry().factory().create();
    int listeners = 0;
    for (Object ignored : c.getCacheEntryListenerConfigurations()) {
      listeners++;
    }
    if (!actual.equals(providerClass)
        || c.isStoreByValue() != settings.byValue()
        || c.isStatisticsEnabled() != settings.statistics()
        // cache2k's adapter honours the policy (checked: a Created policy of 200 ms expires the
        // entry) but getConfiguration() reports Eternal when a cache2k builder is supplied
        // a cache configured through Ehcache's own configuration reports its expiry in its own terms
        || this != CACHE2K && !(this == EHCACHE3 && settings.maximumSize() > 0) && (!policy.getClass().equals(expected.getClass())
            || !java.util.Objects.equals(policy, expected))
        || listeners != (settings.listener() ? 1 : 0)) {
      throw new IllegalStateException(this + " is not configured as " + settings + ": provider "
          + actual + ", byValue " + c.isStoreByValue() + ", stats " + c.isStatisticsEnabled()
          + ", expiry " + policy + ", listeners " + listeners);
    }
  }

  /** A synchronous listener of REMOVED events only, which the benchmarks never produce. */
  static final class RemovedOnly implements CacheEntryRemovedListener<Integer, Integer>,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends Integer, ? extends Integer>> events) {
      for (CacheEntryEvent<? extends Integer, ? extends Integer> e : events) {
        throw new IllegalStateException("unexpected removal of " + e.getKey());
      }
    }
  }
}
