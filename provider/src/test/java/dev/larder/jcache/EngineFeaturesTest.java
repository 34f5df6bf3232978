package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.engine.ManualClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The test's clock, for listeners (which the cache instantiates) to read. */
  static volatile ManualClock CLOCK;
  /** Per key, the clock reading when its EXPIRED event arrived. */
  static final Map<Integer, Long> EXPIRED_AT = new ConcurrentHashMap<>();

  /** A synchronous EXPIRED listener that notes when each event arrived. */
  public static final class ExpiryTimer implements CacheEntryExpiredListener<Integer, String> {
    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> events) {
      for (CacheEntryEvent<? extends Integer, ?> e : events) {
        assertNull(EXPIRED_AT.put(e.getKey(), CLOCK.millis()), "one EXPIRED event per entry");
      }
    }
  }

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
    EXPIRED_AT.clear();
    CLOCK = clock;
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

  /**
   * Untouched entries get their EXPIRED event within a second of their deadline, also when the
   * table is too big for one maintenance cycle. The timekeeper's schedule is simulated: ten
   * {@code runMaintenance} calls per second of the manual clock.
   */
  @Test
  void expiredEventsArriveWithinASecondOfTheDeadlineWithoutAccess() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 3)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(ExpiryTimer.class), null, false, true));
    Cache<Integer, String> cache = manager.createCache("deadlines", config);
    LarderJCache<?, ?> larder = cache.unwrap(LarderJCache.class);
    int perWave = 3 * LarderJCache.MAINTENANCE_BUDGET; // more than one cycle can visit
    Map<Integer, Long> deadlines = new HashMap<>();
    for (int wave = 0; wave < 3; wave++) {
      for (int i = 0; i < perWave; i++) {
        int key = wave * perWave + i;
        cache.put(key, "v");
        deadlines.put(key, clock.millis() + 3_000);
      }
      for (int tick = 0; tick < 7; tick++) { // waves 700 ms apart, maintenance all along
        clock.advanceMillis(100);
        larder.runMaintenance();
      }
    }
    for (int tick = 0; tick < 60; tick++) {
      clock.advanceMillis(100);
      larder.runMaintenance();
    }
    assertEquals(deadlines.size(), EXPIRED_AT.size(), "every untouched entry expired");
    for (Map.Entry<Integer, Long> e : deadlines.entrySet()) {
      long at = EXPIRED_AT.get(e.getKey());
      assertTrue(at >= e.getValue(), "not before the deadline: key " + e.getKey());
      assertTrue(at - e.getValue() <= 1_000, "late by " + (at - e.getValue()) + " ms: key " + e.getKey());
    }
    assertEquals(0, larder.storedEntries(), "expired entries are reclaimed");
  }

  /**
   * A put-only stream of distinct keys with a short time to live: the entries stored (expired ones
   * not yet reclaimed included) stay bounded by the rate times the time to live plus the sweep's
   * lag, instead of growing with the stream.
   */
  @Test
  void putOnlyStreamOfDistinctKeysStaysBounded() {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1)));
    Cache<Integer, String> cache = manager.createCache("stream", config);
    LarderJCache<?, ?> larder = cache.unwrap(LarderJCache.class);
    int perTick = 2_000; // 20,000 puts per simulated second, 100 ms between maintenance cycles
    long most = 0;
    for (int tick = 0; tick < 300; tick++) { // 600,000 distinct keys over 30 s
      for (int i = 0; i < perTick; i++) {
        cache.put(tick * perTick + i, "v");
      }
      clock.advanceMillis(100);
      larder.runMaintenance();
      most = Math.max(most, larder.storedEntries());
    }
    // live: 10 ticks' worth (1 s); expired but not yet reclaimed: at most about 10 ticks more
    assertTrue(most <= 20L * perTick, "stored entries peaked at " + most);
    assertTrue(most >= 9L * perTick, "the live entries (the last 900 ms of puts) are all there: " + most);
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
