package dev.larder.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.jcache.LarderJCache;
import dev.larder.spi.LarderCachingProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder with a plain SimpleMeterRegistry and no framework: exact values for a known workload. */
class LarderCacheMeterBinderTest {

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();
  private final LarderCachingProvider provider = new LarderCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager manager;

  private CacheManager manager() {
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    manager = provider.getCacheManager(URI.create("micrometer-test"), getClass().getClassLoader(), properties);
    return manager;
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
    provider.close();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  @Test
  void aKnownWorkloadShowsExactlyInEveryMeterWithoutStatistics() {
    Cache<String, String> users = manager().createCache("users", new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setMaximumSize(2));
    LarderCacheMeterBinder.monitor(registry, users, "app", "test");
    LarderCache<String, String> cache = LarderCache.of(users);

    cache.put("ada", "Ada");
    cache.put("bob", "Bob");
    cache.get("ada");
    cache.get("ada");
    cache.get("nobody");
    cache.remove("bob");
    cache.put("eve", "Eve");
    cache.put("joe", "Joe");                                  // 3 entries into 2: one eviction
    assertEquals("computed", cache.getOrCompute("new", k -> "computed"));   // a miss, a load, a put, an eviction
    assertNull(cache.getOrCompute("none", k -> null));                       // a miss, a failed load

    assertEquals(2, registry.get("cache.size").tags("cache", "users", "app", "test").gauge().value());
    assertEquals(2, count("cache.gets", "cache", "users", "result", "hit"));
    assertEquals(3, count("cache.gets", "cache", "users", "result", "miss"));
    assertEquals(5, count("cache.puts", "cache", "users"));
    assertEquals(1, count("cache.removals", "cache", "users"));
    assertEquals(2, count("cache.evictions", "cache", "users"));
    assertEquals(0, count("cache.expirations", "cache", "users"));
    assertEquals(1, count("cache.load", "cache", "users", "result", "success"));
    assertEquals(1, count("cache.load", "cache", "users", "result", "failure"));
    assertTrue(registry.get("cache.load.duration").timeGauge().value(TimeUnit.NANOSECONDS) > 0);
    assertFalse(users.getConfiguration(MutableConfiguration.class).isStatisticsEnabled(),
        "no JSR-107 statistics were needed");
    assertThrows(io.micrometer.core.instrument.search.MeterNotFoundException.class,
        () -> registry.get("larder.store.commits").functionTimer(), "a volatile cache has no store meters");
  }

  @Test
  void expirationsAreCountedExactly() {
    Cache<String, String> sessions = manager().createCache("sessions", new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setDefaultTtl(Duration.ofMinutes(1)));
    LarderCacheMeterBinder.monitor(registry, sessions);
    for (int i = 0; i < 5; i++) {
      sessions.put("s" + i, "x");
    }
    clock.advance(Duration.ofMinutes(2));
    assertNull(sessions.get("s0"));                            // found by an operation
    sessions.unwrap(LarderJCache.class).runMaintenance();      // the other four by the sweep
    assertEquals(5, count("cache.expirations", "cache", "sessions"));
    assertEquals(0, registry.get("cache.size").tags("cache", "sessions").gauge().value());
    assertEquals(1, count("cache.gets", "cache", "sessions", "result", "miss"));
  }

  @Test
  void aPersistentCacheAlsoPublishesCommitsBatchesAndFileReads() {
    LarderConfiguration<String, String> config = new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setMode(Mode.PERSISTENT).setDirectory(dir.toString());
    Cache<String, String> reports = manager().createCache("reports", config);
    reports.put("a", "1");
    reports.putAll(Map.of("b", "2", "c", "3"));
    manager.close();
    Cache<String, String> reopened = manager().createCache("reports", config);
    LarderCacheMeterBinder.monitor(registry, reopened);
    reopened.get("a");
    reopened.put("d", "4");

    assertEquals(4, registry.get("cache.size").tags("cache", "reports").gauge().value());
    assertEquals(1, registry.get("larder.store.commits").functionTimer().count(), "the put after reopening");
    assertTrue(registry.get("larder.store.commits").functionTimer().totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(1, count("larder.store.commit.writes", "cache", "reports"));
    assertEquals(0, count("larder.store.commit.failures", "cache", "reports"));
    assertEquals(1, count("larder.store.file.reads", "cache", "reports"), "a was read from the file once");
  }

  @Test
  void unbindingRemovesTheMetersAndAnUnboundCacheCountsNothing() {
    Cache<String, String> plain = manager().createCache("plain", new MutableConfiguration<String, String>());
    plain.get("x");
    LarderCacheMeterBinder binder = LarderCacheMeterBinder.monitor(registry, plain);
    assertEquals(0, count("cache.gets", "cache", "plain", "result", "miss"), "nothing was counted before binding");
    plain.get("x");
    assertEquals(1, count("cache.gets", "cache", "plain", "result", "miss"));
    binder.unbindFrom(registry);
    RequiredSearch search = registry.get("cache.gets");
    assertThrows(io.micrometer.core.instrument.search.MeterNotFoundException.class, search::functionCounter);
  }

  @Test
  void aCacheOfAnotherProviderIsRefusedWithItsName() {
    Cache<?, ?> foreign = (Cache<?, ?>) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Cache.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> "foreign";
          case "unwrap" -> throw new IllegalArgumentException("no");
          default -> null;
        });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LarderCacheMeterBinder(foreign, java.util.List.of()));
    assertTrue(e.getMessage().contains("'foreign'"), e.getMessage());
  }
}
