package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.larder.LarderConfiguration;
import dev.larder.engine.ManualClock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Size bounds, background expiry and the recent-clock read path, through the JCache API. */
class EngineFeaturesTest {

  /** Collects EXPIRED events (static: listener instances come from a factory). */
  static final List<EventType> EVENTS = new CopyOnWriteArrayList<>();

  /** A synchronous EXPIRED listener. */
  public static final class ExpiredRecorder implements CacheEntryExpiredListener<Integer, String> {
    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> events) {
      for (CacheEntryEvent<?, ?> e : events) {
        EVENTS.add(e.getEventType());
      }
    }
  }

  private final ManualClock clock = new ManualClock();
  private CacheManager manager;

  @BeforeEach
  void setUp() {
    EVENTS.clear();
    CachingProvider provider = Caching.getCachingProvider("dev.larder.spi.LarderCachingProvider");
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    manager = provider.getCacheManager(java.net.URI.create("engine-features-test"),
        provider.getDefaultClassLoader(), properties);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void maximumSizeEvictsAndCountsEvictions() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setMaximumSize(10).setTypes(Integer.class, String.class).setStatisticsEnabled(true);
    Cache<Integer, String> cache = manager.createCache("bounded", config);
    for (int i = 0; i < 100; i++) {
      cache.put(i, "v" + i);
    }
    int present = 0;
    for (Cache.Entry<Integer, String> ignored : cache) {
      present++;
    }
    assertEquals(10, present);
    CacheStatisticsMXBean stats = cache.unwrap(LarderJCache.class).statistics();
    assertEquals(90, stats.getCacheEvictions());
    assertEquals(0, stats.getCacheRemovals());
    assertEquals(10, cache.getConfiguration(LarderConfiguration.class).getMaximumSize());
  }

  @Test
  void maintenanceExpiresUntouchedEntriesAndSendsExpiredEvents() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class).setStatisticsEnabled(true)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 5)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(ExpiredRecorder.class), null, true, true));
    Cache<Integer, String> cache = manager.createCache("expiring", config);
    for (int i = 0; i < 20; i++) {
      cache.put(i, "v");
    }
    LarderJCache<?, ?> larder = cache.unwrap(LarderJCache.class);
    assertEquals(0, larder.runMaintenance());
    clock.advanceMillis(5_000);
    assertEquals(20, larder.runMaintenance());
    assertEquals(20, EVENTS.size());
    assertEquals(0, larder.runMaintenance(), "an expired entry is reported once");
    assertEquals(0, larder.statistics().getCacheRemovals(), "expiry is not a removal");
  }

  @Test
  void accessedPolicyRenewsOnRead() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 1)));
    Cache<Integer, String> cache = manager.createCache("accessed", config);
    cache.put(1, "a");
    clock.advanceMillis(50_000);
    assertNotNull(cache.get(1));
    clock.advanceMillis(50_000);
    assertNotNull(cache.get(1), "the read 50 s ago renewed the entry for a minute");
    clock.advanceMillis(60_000);
    assertNull(cache.get(1));
  }

  @Test
  void aPutOnlyStreamOfShortLivedKeysStaysBoundedWithoutReads() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1)));
    Cache<Integer, String> cache = manager.createCache("stream", config);
    LarderJCache<?, ?> larder = cache.unwrap(LarderJCache.class);
    int key = 0;
    for (int second = 0; second < 50; second++) {
      for (int i = 0; i < 2_000; i++) {
        cache.put(key++, "v");
      }
      clock.advanceMillis(1_000);
      larder.runMaintenance();   // what the maintenance thread does every 100 ms
      assertEquals(0, larder.storedEntries(), "second " + second + ": expired keys were not reclaimed");
    }
  }
}
