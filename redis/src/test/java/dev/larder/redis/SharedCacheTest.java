package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisForClass;
import dev.larder.redis.testing.RedisServer;
import dev.larder.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several instances of an application (caching providers of their own, in this JVM) on one Redis:
 * what one writes the others read, one computation per key, exact counters and one idempotency
 * winner under contention.
 */
class SharedCacheTest {

  /** A value type of the application, allowed for decoding. */
  record Order(String id, int quantity, List<String> items) implements java.io.Serializable {}

  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();
  @RegisterExtension
  final Instances instances = new Instances();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private CacheManager instance() {
    return instances.manager(REDIS.uri(), instances.namespace());
  }

  private static <K, V> LarderCache<K, V> cache(CacheManager manager, String name, Class<K> k, Class<V> v) {
    return LarderCache.of(manager.createCache(name, new LarderConfiguration<K, V>().setTypes(k, v)));
  }

  @Test
  void whatOneInstanceWritesTheOthersRead() {
    LarderCache<String, Order> a = cache(instance(), "orders", String.class, Order.class);
    LarderCache<String, Order> b = cache(instance(), "orders", String.class, Order.class);
    Order order = new Order("o-1", 3, List.of("apple", "pear"));
    a.put("o-1", order);
    assertEquals(order, b.get("o-1"));
    assertTrue(b.containsKey("o-1"));
    assertEquals(Mode.SHARED, b.getConfiguration(LarderConfiguration.class).getMode());

    b.put("o-2", new Order("o-2", 1, List.of()), Duration.ofMinutes(10));
    Optional<Duration> ttl = a.ttl("o-2");
    assertTrue(ttl.isPresent() && ttl.get().compareTo(Duration.ofMinutes(9)) > 0
        && ttl.get().compareTo(Duration.ofMinutes(10)) <= 0, "a sees b's ttl: " + ttl);
    assertTrue(a.replace("o-2", new Order("o-2", 2, List.of())));
    assertEquals(2, b.get("o-2").quantity());
    assertTrue(b.remove("o-1"));
    assertNull(a.get("o-1"));
    assertEquals(Set.of("o-2"), new HashSet<>(a.getAll(Set.of("o-1", "o-2")).keySet()));
    assertTrue(a.extend("o-2", Duration.ofMinutes(5)));
    assertTrue(b.ttl("o-2").orElseThrow().compareTo(Duration.ofMinutes(14)) > 0, "extend is seen by b");
  }

  @Test
  void oneComputationPerKeyAcrossInstances() throws Exception {
    int instanceCount = 3;
    int keys = 10;
    List<LarderCache<String, String>> caches = new ArrayList<>();
    for (int i = 0; i < instanceCount; i++) {
      caches.add(cache(instance(), "reports", String.class, String.class));
    }
    Map<String, AtomicInteger> computations = new ConcurrentHashMap<>();
    AtomicInteger turn = new AtomicInteger();
    List<List<String>> seen = Race.run(pool, instanceCount * 4, () -> {
      LarderCache<String, String> mine = caches.get(turn.getAndIncrement() % instanceCount);
      List<String> values = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        values.add(mine.getOrCompute("report-" + k, key -> {
          computations.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
          RedisServer.sleepQuietly(150);
          return "built " + key + " once";
        }, Duration.ofMinutes(5)));
      }
      return values;
    });
    for (int k = 0; k < keys; k++) {
      assertEquals(1, computations.get("report-" + k).get(), "report-" + k + " was computed once in all");
    }
    for (List<String> values : seen) {
      for (int k = 0; k < keys; k++) {
        assertEquals("built report-" + k + " once", values.get(k));
      }
    }
  }

  @Test
  void countersAreExactUnderContentionFromSeveralInstances() throws Exception {
    LarderCache<String, Integer> a = cache(instance(), "rate", String.class, Integer.class);
    LarderCache<String, Integer> b = cache(instance(), "rate", String.class, Integer.class);
    int perThread = 150;
    AtomicInteger turn = new AtomicInteger();
    Race.run(pool, 8, () -> {
      LarderCache<String, Integer> mine = turn.getAndIncrement() % 2 == 0 ? a : b;
      for (int i = 0; i < perThread; i++) {
        mine.merge("hits:" + (i % 2), 1, Integer::sum, Duration.ofMinutes(1));
      }
      return null;
    });
    assertEquals(8 * perThread, a.get("hits:0") + b.get("hits:1"));
    assertEquals(4 * perThread, b.get("hits:0"));
  }

  @Test
  void exactlyOneInstanceWinsAnIdempotencyKey() throws Exception {
    LarderCache<String, String> a = cache(instance(), "webhooks", String.class, String.class);
    LarderCache<String, String> b = cache(instance(), "webhooks", String.class, String.class);
    for (int round = 0; round < 5; round++) {
      String event = "evt_" + round;
      AtomicInteger turn = new AtomicInteger();
      List<Boolean> won = Race.run(pool, 8, () -> {
        int me = turn.getAndIncrement();
        return (me % 2 == 0 ? a : b).putIfAbsent(event, "handled by " + me, Duration.ofMinutes(1));
      });
      assertEquals(1, won.stream().filter(w -> w).count(), event + " has one winner: " + won);
      String winner = a.get(event);
      assertTrue(winner != null && winner.equals(b.get(event)));
    }
  }

  /** A writer that writes another cache's key while its own key's lease is held. */
  static final class CrossWriter implements CacheWriter<String, String> {
    volatile Cache<String, String> other;
    volatile String otherKey;
    final CountDownLatch bothInside;

    CrossWriter(CountDownLatch bothInside) {
      this.bothInside = bothInside;
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      bothInside.countDown();
      try {
        bothInside.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      other.put(otherKey, "from the writer of " + entry.getKey());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {}
  }

  @Test
  void twoInstancesWaitingForEachOthersKeysDoNotWaitForEver() throws Exception {
    CountDownLatch bothInside = new CountDownLatch(2);
    CrossWriter writerA = new CrossWriter(bothInside);
    CrossWriter writerB = new CrossWriter(bothInside);
    Cache<String, String>[] caches = new Cache[4];
    CrossWriter[] writers = {writerA, writerB};
    for (int i = 0; i < 4; i++) {
      LarderConfiguration<String, String> config = new LarderConfiguration<>();
      config.setTypes(String.class, String.class);
      if (i < 2) {
        CrossWriter writer = writers[i];
        config.setCacheWriterFactory(() -> writer).setWriteThrough(true);
      }
      caches[i] = instances.manager(REDIS.uri(), instances.namespace(), "larder.redis.lease", "1s")
          .createCache("crossed", config);
    }
    // each writer writes the other key through a third and fourth instance, as if from other JVMs:
    // both wait for a lease in Redis while holding one (within one instance the engine sees the cycle)
    writerA.other = caches[2];
    writerA.otherKey = "b";
    writerB.other = caches[3];
    writerB.otherKey = "a";
    Future<?> first = pool.submit(() -> caches[0].put("a", "1"));
    Future<?> second = pool.submit(() -> caches[1].put("b", "2"));
    int failed = 0;
    for (Future<?> f : List.of(first, second)) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failed++;
        Throwable cause = e.getCause();
        while (cause.getCause() != null && !(cause instanceof javax.cache.CacheException
            && cause.getMessage().contains("waiting for each other"))) {
          cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("waiting for each other"), "the error says why: " + cause);
      }
    }
    assertTrue(failed >= 1, "instances that wait for each other's keys give up rather than wait for ever");
  }

  @Test
  void jcacheAtomicOperationsHoldAcrossInstances() throws Exception {
    Cache<String, Integer> a = cache(instance(), "stock", String.class, Integer.class);
    Cache<String, Integer> b = cache(instance(), "stock", String.class, Integer.class);
    a.put("apples", 0);
    AtomicInteger turn = new AtomicInteger();
    Race.run(pool, 6, () -> {
      Cache<String, Integer> mine = turn.getAndIncrement() % 2 == 0 ? a : b;
      for (int i = 0; i < 60; i++) {
        while (true) {
          Integer now = mine.get("apples");
          if (mine.replace("apples", now, now + 1)) {
            break;
          }
        }
      }
      return null;
    });
    assertEquals(360, b.get("apples"), "no replace(k, old, new) was lost");
    Race.run(pool, 6, () -> {
      Cache<String, Integer> mine = turn.getAndIncrement() % 2 == 0 ? a : b;
      for (int i = 0; i < 40; i++) {
        mine.invoke("apples", (entry, args) -> {
          entry.setValue(entry.getValue() + 1);
          return null;
        });
      }
      return null;
    });
    assertEquals(600, a.get("apples"), "entry processors ran once each, atomically");
    assertEquals(600, b.getAndRemove("apples"));
    assertNull(a.get("apples"));
  }
}
