package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.spi.LarderCachingProvider;
import dev.larder.testing.Race;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LarderCache extensions under contention: many threads, the same keys. */
class LarderCacheContentionTest {

  private static final int THREADS = 64;

  private CacheManager manager;
  private ExecutorService pool;

  @BeforeEach
  void setUp() {
    manager = new LarderCachingProvider().getCacheManager(URI.create("test:LarderCacheContentionTest"), null);
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    manager.close();
  }

  private <V> LarderCache<String, V> cache(String name, Class<V> valueType) {
    return LarderCache.of(manager.createCache(name,
        new MutableConfiguration<String, V>().setTypes(String.class, valueType)));
  }

  private <T> List<T> onAllThreads(int threads, Callable<T> task) throws Exception {
    return Race.run(pool, threads, task);
  }

  @Test
  void sixtyFourCallersOfOneMissingKeyShareOneComputation() throws Exception {
    LarderCache<String, String> cache = cache("single-flight", String.class);
    AtomicInteger computations = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(THREADS);
    List<String> results = onAllThreads(THREADS, () -> {
      arrived.countDown();
      return cache.getOrCompute("hot", k -> {
        computations.incrementAndGet();
        try {
          // hold the computation until every caller has at least reached getOrCompute
          assertTrue(arrived.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "value";
      }, Duration.ofMinutes(1));
    });
    assertEquals(1, computations.get());
    results.forEach(r -> assertEquals("value", r));
  }

  @Test
  void aFailedComputationReachesEveryWaiterAndCachesNothing() throws Exception {
    LarderCache<String, String> cache = cache("single-flight-failure", String.class);
    AtomicInteger computations = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(THREADS);
    IllegalStateException boom = new IllegalStateException("backend down");
    List<Object> outcomes = onAllThreads(THREADS, () -> {
      arrived.countDown();
      try {
        return cache.getOrCompute("hot", k -> {
          computations.incrementAndGet();
          try {
            assertTrue(arrived.await(20, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          throw boom;
        });
      } catch (IllegalStateException e) {
        return e;
      }
    });
    // every caller got the loader's own exception (shared, not wrapped); none got a value
    outcomes.forEach(o -> assertSame(boom, o));
    assertTrue(computations.get() >= 1);
    assertTrue(!cache.containsKey("hot"));
  }

  @Test
  void mergeCountsEveryIncrementUnderContention() throws Exception {
    LarderCache<String, Integer> cache = cache("counter", Integer.class);
    int threads = 16;
    int increments = 10_000;
    onAllThreads(threads, () -> {
      for (int i = 0; i < increments; i++) {
        cache.merge("rate:caller", 1, Integer::sum, Duration.ofHours(1));
      }
      return null;
    });
    assertEquals(threads * increments, cache.get("rate:caller"));
  }

  @Test
  void exactlyOnePutIfAbsentWithTtlWins() throws Exception {
    LarderCache<String, String> cache = cache("idempotency", String.class);
    AtomicInteger n = new AtomicInteger();
    List<Boolean> won = onAllThreads(THREADS,
        () -> cache.putIfAbsent("webhook:123", "caller-" + n.incrementAndGet(), Duration.ofDays(1)));
    assertEquals(1, won.stream().filter(b -> b).count());
  }
}
