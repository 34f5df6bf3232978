package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisServer;
import dev.larder.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed, restarted empty, paused (SIGSTOP) and resumed, connections killed under load:
 * every operation fails within its timeout with a CacheException naming the cache and the
 * endpoint, the same cache works again once Redis is back, and no write applies twice.
 */
class FaultTest {

  private static final long TIMEOUT_MILLIS = 1_000;
  private RedisServer server;
  private Instances instances;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    server = RedisServer.start();
    instances = new Instances();
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    try {
      instances.close();
    } finally {
      server.close();
    }
  }

  private LarderCache<String, Integer> cache() {
    CacheManager manager = instances.manager(server.uri(), "faults", "larder.redis.timeout", TIMEOUT_MILLIS + "ms",
        "larder.redis.lease", "2s");
    return LarderCache.of(manager.createCache("faults", new LarderConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)));
  }

  /** Runs an operation that must fail: within the timeout, naming the cache and the endpoint. */
  private CacheException failsInTime(String what, Runnable operation) {
    long start = System.nanoTime();
    CacheException e = assertThrows(CacheException.class, operation::run, what);
    long took = (System.nanoTime() - start) / 1_000_000;
    assertTrue(took <= TIMEOUT_MILLIS + 1_500, what + " failed after " + took + " ms");
    assertTrue(e.getMessage().contains("'faults'") && e.getMessage().contains("127.0.0.1:" + server.port()),
        what + ": " + e.getMessage());
    return e;
  }

  private static boolean works(Supplier<Object> operation) {
    try {
      operation.get();
      return true;
    } catch (CacheException e) {
      return false;
    }
  }

  @Test
  void whileRedisIsDownCallsFailInTimeAndAfterARestartTheSameCacheWorks() {
    LarderCache<String, Integer> cache = cache();
    cache.put("before", 1);
    server.kill();
    failsInTime("put", () -> cache.put("k", 1));
    failsInTime("get", () -> cache.get("before"));
    failsInTime("getOrCompute", () -> cache.getOrCompute("k", key -> 2));
    failsInTime("remove", () -> cache.remove("before"));
    failsInTime("containsKey", () -> cache.containsKey("before"));
    failsInTime("getAll", () -> cache.getAll(Set.of("before")));
    failsInTime("iteration", () -> cache.iterator().hasNext());
    failsInTime("merge", () -> cache.merge("n", 1, Integer::sum, null));

    server.restart(); // same port, no data: Redis lost everything
    assertTrue(Await.until(Duration.ofSeconds(15), () -> works(() -> {
      cache.put("after", 2);
      return null;
    })), "the cache reconnects by itself");
    assertEquals(2, cache.get("after"));
    assertNull(cache.get("before"), "the restart lost the data, and nothing pretends otherwise");
    assertEquals(5, cache.getOrCompute("computed", key -> 5));
    assertEquals(1, cache.merge("n", 1, Integer::sum, null));
  }

  @Test
  void aPausedRedisFailsCallsInTimeAndAWriteThatFailedIsNeverAppliedAfterwards() {
    LarderCache<String, Integer> cache = cache();
    cache.put("k", 1);
    server.pause();
    try {
      CacheException e = failsInTime("put during the pause", () -> cache.put("k", 2));
      assertTrue(e.getMessage().contains("did not answer within " + TIMEOUT_MILLIS + " ms"), e.getMessage());
      failsInTime("get during the pause", () -> cache.get("k"));
      RedisServer.sleepQuietly(TIMEOUT_MILLIS); // paused longer than the timeout
    } finally {
      server.resume();
    }
    assertTrue(Await.until(Duration.ofSeconds(10), () -> works(() -> cache.get("k"))));
    RedisServer.sleepQuietly(300); // Redis runs the requests it received while paused
    assertEquals(1, cache.get("k"), "the failed put did not apply when Redis woke up");
    long start = System.nanoTime();
    cache.put("k", 3);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000,
        "no lease taken late by the paused request blocks the key");
    assertEquals(3, cache.get("k"));
  }

  @Test
  void killedConnectionsNeverApplyAWriteTwice() throws Exception {
    LarderCache<String, Integer> cache = cache();
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger inDoubt = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger kills = new AtomicInteger();
    Future<?> killer = pool.submit(() -> {
      while (!done.get()) {
        server.cli("CLIENT", "KILL", "TYPE", "normal");
        kills.incrementAndGet();
        RedisServer.sleepQuietly(25);
      }
    });
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      writers.add(pool.submit(() -> {
        // at least 150 each, and on until the killer has cut the connections often enough (a
        // fast machine finished 600 merges in fewer than 20 kills)
        for (int i = 0; (i < 150 || kills.get() <= 20) && i < 50_000; i++) {
          try {
            cache.merge("counter", 1, Integer::sum, null);
            acknowledged.incrementAndGet();
          } catch (CacheException e) {
            inDoubt.incrementAndGet(); // reported to the caller: it may or may not have applied
          }
        }
      }));
    }
    for (Future<?> w : writers) {
      w.get(120, TimeUnit.SECONDS);
    }
    done.set(true);
    killer.get(10, TimeUnit.SECONDS);
    assertTrue(kills.get() > 20, "connections were killed " + kills.get() + " times");
    Map<String, Integer> info = Map.of("connections", Integer.parseInt(server.cli("INFO", "stats").lines()
        .filter(l -> l.startsWith("total_connections_received:")).findFirst().orElseThrow().split(":")[1].trim()));
    assertTrue(info.get("connections") > 10, "the client reconnected each time: " + info);
    assertTrue(Await.until(Duration.ofSeconds(10), () -> works(() -> cache.get("counter"))));
    int value = cache.get("counter");
    System.out.println("killedConnections: " + kills.get() + " kills, " + acknowledged.get() + " acknowledged, "
        + inDoubt.get() + " failed, counter " + value);
    assertTrue(value >= acknowledged.get() && value <= acknowledged.get() + inDoubt.get(),
        "every acknowledged increment applied once; only in-doubt ones may have: value " + value + ", acknowledged "
            + acknowledged.get() + ", in doubt " + inDoubt.get());
    assertEquals(acknowledged.get(), value, "and none applied twice or behind its caller's back (in doubt: "
        + inDoubt.get() + ")");
  }

  @Test
  void listenersHearChangesAgainAfterTheirConnectionWasKilled() {
    LarderCache<String, Integer> a = cache();
    LarderCache<String, Integer> b = cache();
    RecordingListener<String, Integer> listener = new RecordingListener<>();
    Factory<CacheEntryListener<? super String, ? super Integer>> factory = () -> listener;
    b.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, false));
    a.put("one", 1);
    assertTrue(Await.until(Duration.ofSeconds(10), () -> listener.events().contains("CREATED one 1 -")));
    server.cli("CLIENT", "KILL", "TYPE", "pubsub");
    assertTrue(Await.until(Duration.ofSeconds(15), () -> {
      a.put("two", 2); // the same value each time: an update is an update
      return listener.events().stream().anyMatch(e -> e.startsWith("CREATED two") || e.startsWith("UPDATED two"));
    }), "the subscription came back: " + listener.events());
  }
}
