package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderCacheMetrics;
import dev.larder.LarderConfiguration;
import dev.larder.management.MBeans;
import dev.larder.testing.CacheTestBase;
import dev.larder.testing.Race;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;

/** The metrics view: exact counts for known workloads, the counting switch, and what counts always. */
class CacheMetricsTest extends CacheTestBase {

  private LarderCache<String, String> cache(LarderConfiguration<String, String> config) {
    return LarderCache.of(manager.createCache(uniqueName(), config));
  }

  private static LarderConfiguration<String, String> strings() {
    return new LarderConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void nothingIsCountedOnTheReadPathUntilMetricsAreEnabled() {
    LarderCache<String, String> cache = cache(strings());
    LarderCacheMetrics metrics = cache.metrics();
    cache.put("a", "1");
    cache.get("a");
    cache.get("missing");
    assertFalse(metrics.isCounting());
    assertEquals(0, metrics.hits());
    assertEquals(0, metrics.misses());
    assertEquals(0, metrics.puts());
    assertEquals(1, metrics.entryCount(), "the entry count is real whether or not counting is on");
  }

  @Test
  void metricsCountAKnownWorkloadExactlyWithoutTheStatisticsBean() throws Exception {
    LarderCache<String, String> cache = cache(strings().setMaximumSize(3));
    cache.setMetricsEnabled(true);
    LarderCacheMetrics metrics = cache.metrics();
    assertSame(metrics, cache.metrics(), "one view for the cache's life");

    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("a", "3");               // an update: a put
    cache.get("a");
    cache.get("a");
    cache.get("b");
    cache.get("x");
    cache.get("y");
    cache.remove("b");
    cache.remove("nothing");            // removes nothing: no removal
    cache.getAll(Set.of("a", "z"));     // one hit, one miss

    assertTrue(metrics.isCounting());
    assertEquals(4, metrics.hits());
    assertEquals(3, metrics.misses());
    assertEquals(3, metrics.puts());
    assertEquals(1, metrics.removals());
    assertEquals(1, metrics.entryCount());
    assertFalse(cache.getConfiguration(LarderConfiguration.class).isStatisticsEnabled(),
        "metrics do not switch JSR-107 statistics on");
    assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(MBeans.objectName(
        manager.getURI().toString(), cache.getName(), MBeans.Kind.CacheStatistics)), "no MXBean is registered");

    for (int i = 0; i < 10; i++) {
      cache.put("k" + i, "v");
    }
    assertEquals(3, metrics.entryCount(), "bounded at 3 entries");
    assertEquals(8, metrics.evictions(), "1 + 10 entries into a bound of 3");
  }

  @Test
  void countingStaysOnWhileEitherStatisticsOrMetricsAreOn() {
    LarderCache<String, String> cache = cache(strings().setStatisticsEnabled(true));
    cache.setMetricsEnabled(true);
    manager.enableStatistics(cache.getName(), false);
    cache.get("x");
    assertEquals(1, cache.metrics().misses(), "statistics off, metrics on: still counting");

    manager.enableStatistics(cache.getName(), true);
    cache.setMetricsEnabled(false);
    cache.get("x");
    assertEquals(2, cache.metrics().misses(), "metrics off, statistics on: still counting");

    manager.enableStatistics(cache.getName(), false);
    cache.get("x");
    assertEquals(2, cache.metrics().misses(), "both off: nothing counts");
    assertFalse(cache.metrics().isCounting());
  }

  @Test
  void expirationsCountAlwaysWhetherFoundByAnOperationOrByMaintenance() {
    LarderCache<String, String> cache = cache(strings());
    cache.put("touched", "1", Duration.ofSeconds(1));
    cache.put("untouched", "2", Duration.ofSeconds(1));
    cache.put("eternal", "3");
    clock.advance(Duration.ofSeconds(2));

    assertNull(cache.get("touched"));
    assertEquals(1, cache.metrics().expirations());
    cache.unwrap(LarderJCache.class).runMaintenance();
    assertEquals(2, cache.metrics().expirations(), "the background expiry counts too");
    assertEquals(1, cache.metrics().entryCount());
  }

  @Test
  void loaderCallsCountAsSuccessesOrFailuresWithTheirTime() {
    LarderConfiguration<String, String> config = strings().setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new SlowLoader()));
    LarderCache<String, String> cache = cache(config);
    assertEquals("loaded:a", cache.get("a"));
    assertNull(cache.get("none"));                                       // null: a failure
    assertThrows(CacheLoaderException.class, () -> cache.get("fail"));   // threw: a failure
    cache.getAll(Set.of("b", "c"));                                      // one loadAll call

    LarderCacheMetrics metrics = cache.metrics();
    assertEquals(2, metrics.loadSuccesses());
    assertEquals(2, metrics.loadFailures());
    assertTrue(metrics.loadNanos() >= 4 * SlowLoader.NANOS, "each of the 4 calls took at least 1 ms: "
        + metrics.loadNanos());
  }

  @Test
  void getOrComputeComputationsCountAsLoads() {
    LarderCache<String, String> cache = cache(strings());
    assertEquals("x", cache.getOrCompute("k", k -> "x"));
    assertEquals("x", cache.getOrCompute("k", k -> "y"));       // a hit: no load
    assertNull(cache.getOrCompute("n", k -> null));
    assertThrows(IllegalStateException.class, () -> cache.getOrCompute("f", k -> {
      throw new IllegalStateException("boom");
    }));
    assertEquals(1, cache.metrics().loadSuccesses());
    assertEquals(2, cache.metrics().loadFailures());
  }

  @Test
  void aClosedCacheReportsNoEntriesAndKeepsItsCounts() {
    LarderCache<String, String> cache = cache(strings());
    cache.setMetricsEnabled(true);
    cache.put("a", "1");
    cache.close();
    assertEquals(0, cache.metrics().entryCount());
    assertEquals(1, cache.metrics().puts());
    assertTrue(cache.metrics().store().isEmpty(), "a volatile cache has no store metrics");
  }

  @Test
  void countsAreExactUnderContentionOnTheSameKeys() throws Exception {
    LarderCache<String, String> cache = cache(strings());
    cache.setMetricsEnabled(true);
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Race.run(pool, threads, () -> {
        for (int i = 0; i < perThread; i++) {
          String key = "k" + ThreadLocalRandom.current().nextInt(4);
          if (i % 4 == 0) {
            cache.put(key, "v");
          } else {
            cache.get(key);
          }
        }
        return null;
      });
    } finally {
      pool.shutdownNow();
    }
    LarderCacheMetrics m = cache.metrics();
    assertEquals(threads * perThread / 4, m.puts());
    assertEquals(threads * perThread * 3 / 4, m.hits() + m.misses(), "every get counted once");
  }

  /** Takes at least a millisecond per call (a bounded spin, no sleep); "fail" throws, "none" has no value. */
  public static final class SlowLoader implements CacheLoader<String, String>, java.io.Serializable {
    static final long NANOS = 1_000_000;

    private static void spin() {
      long until = System.nanoTime() + NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }

    @Override
    public String load(String key) {
      spin();
      if (key.equals("fail")) {
        throw new IllegalStateException("no " + key);
      }
      return key.equals("none") ? null : "loaded:" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      spin();
      Map<String, String> result = new java.util.HashMap<>();
      keys.forEach(k -> result.put(k, "loaded:" + k));
      return result;
    }
  }
}
