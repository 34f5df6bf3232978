package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.Race;
import dev.larder.testing.RecordingListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-key atomicity of the JCache operations under contention: many threads, few keys, every
 * thread released at once. Each test checks an invariant that a lost update, a double insert or
 * a torn read-modify-write would break.
 */
class JCacheContentionTest extends CacheTestBase {

  private static final int THREADS = 16;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private <T> List<T> race(Callable<T> task) throws Exception {
    return Race.run(pool, THREADS, task);
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerPerKey() throws Exception {
    Cache<Integer, Integer> cache = create(config(Integer.class, Integer.class));
    RecordingListener<Integer, Integer> listener = listen(cache);
    int keys = 200;
    AtomicInteger thread = new AtomicInteger();
    List<Integer> wins = race(() -> {
      int me = thread.getAndIncrement();
      int won = 0;
      for (int k = 0; k < keys; k++) {
        if (cache.putIfAbsent(k, me)) {
          won++;
        }
      }
      return won;
    });
    assertEquals(keys, wins.stream().mapToInt(Integer::intValue).sum(), "one winner per key");
    assertEquals(keys, listener.events().size(), "one CREATED event per key: " + listener.events());
  }

  @Test
  void invokeIncrementsLoseNoUpdate() throws Exception {
    Cache<String, Long> cache = create(config(String.class, Long.class));
    int perThread = 5_000;
    race(() -> {
      for (int i = 0; i < perThread; i++) {
        String key = "counter-" + (i & 3);
        cache.invoke(key, (entry, args) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
          return null;
        });
      }
      return null;
    });
    long total = 0;
    for (int k = 0; k < 4; k++) {
      total += cache.get("counter-" + k);
    }
    assertEquals((long) THREADS * perThread, total);
  }

  @Test
  void replaceAsCompareAndSetLosesNoUpdate() throws Exception {
    Cache<String, Integer> cache = create(config(String.class, Integer.class));
    cache.put("n", 0);
    int perThread = 2_000;
    race(() -> {
      for (int i = 0; i < perThread; i++) {
        while (true) {
          Integer seen = cache.get("n");
          if (cache.replace("n", seen, seen + 1)) {
            break;
          }
        }
      }
      return null;
    });
    assertEquals(THREADS * perThread, cache.get("n"));
  }

  @Test
  void conditionalRemoveSucceedsForExactlyOneThread() throws Exception {
    Cache<Integer, String> cache = create(config(Integer.class, String.class));
    int keys = 500;
    for (int k = 0; k < keys; k++) {
      cache.put(k, "v" + k);
    }
    List<Integer> removed = race(() -> {
      int n = 0;
      for (int k = 0; k < keys; k++) {
        if (cache.remove(k, "v" + k)) {
          n++;
        }
      }
      return n;
    });
    assertEquals(keys, removed.stream().mapToInt(Integer::intValue).sum());
    for (int k = 0; k < keys; k++) {
      assertNull(cache.get(k));
    }
  }

  @Test
  void getAndPutHandsEachValueOnExactlyOnce() throws Exception {
    Cache<String, Integer> cache = create(config(String.class, Integer.class));
    int perThread = 2_000;
    AtomicInteger next = new AtomicInteger();
    List<List<Integer>> seen = race(() -> {
      List<Integer> olds = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        Integer old = cache.getAndPut("slot", next.getAndIncrement());
        if (old != null) {
          olds.add(old);
        }
      }
      return olds;
    });
    // every value put is either returned by exactly one later getAndPut or is the final value
    Set<Integer> accounted = new HashSet<>();
    int returned = 0;
    for (List<Integer> olds : seen) {
      accounted.addAll(olds);
      returned += olds.size();
    }
    assertEquals(returned, accounted.size(), "a value was handed out twice");
    assertTrue(accounted.add(cache.get("slot")), "the final value was also handed out");
    assertEquals(THREADS * perThread, accounted.size());
  }

  @Test
  void getAndRemoveHandsTheValueToOneThread() throws Exception {
    Cache<Integer, Integer> cache = create(config(Integer.class, Integer.class));
    int keys = 500;
    for (int k = 0; k < keys; k++) {
      cache.put(k, k);
    }
    List<Integer> got = race(() -> {
      int n = 0;
      for (int k = 0; k < keys; k++) {
        if (cache.getAndRemove(k) != null) {
          n++;
        }
      }
      return n;
    });
    assertEquals(keys, got.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void statisticsAddUpUnderContention() throws Exception {
    MutableConfiguration<Integer, Integer> configuration = config(Integer.class, Integer.class);
    configuration.setStatisticsEnabled(true);
    Cache<Integer, Integer> cache = create(configuration);
    for (int k = 0; k < 64; k += 2) {
      cache.put(k, k);
    }
    int perThread = 4_000;
    race(() -> {
      for (int i = 0; i < perThread; i++) {
        cache.get(i & 63);
      }
      return null;
    });
    CacheStatisticsMXBean stats = statistics(cache);
    assertEquals((long) THREADS * perThread, stats.getCacheGets());
    assertEquals((long) THREADS * perThread / 2, stats.getCacheHits());
    assertEquals((long) THREADS * perThread / 2, stats.getCacheMisses());
    assertEquals(32, stats.getCachePuts());
  }

  @Test
  void statisticsOfABoundedCacheAreExactOnceWritersAreQuietAndTimesAreSampled() throws Exception {
    dev.larder.LarderConfiguration<Integer, Integer> configuration = new dev.larder.LarderConfiguration<>();
    configuration.setTypes(Integer.class, Integer.class);
    configuration.setStatisticsEnabled(true);
    configuration.setMaximumSize(16); // 64 keys: most creations evict
    Cache<Integer, Integer> cache = create(configuration);
    AtomicInteger gets = new AtomicInteger();
    AtomicInteger puts = new AtomicInteger();
    AtomicInteger creations = new AtomicInteger();
    AtomicInteger removals = new AtomicInteger();
    AtomicInteger hits = new AtomicInteger(); // a get's hit is counted in advance, taken back on a miss
    race(() -> {
      java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
      for (int i = 0; i < 3_000; i++) {
        int key = random.nextInt(64); // every thread on the same keys
        switch (i & 3) {
          case 0 -> {
            gets.incrementAndGet();
            puts.incrementAndGet();
            if (cache.getAndPut(key, i) == null) {
              creations.incrementAndGet();
            } else {
              hits.incrementAndGet();
            }
          }
          case 1 -> {
            if (cache.remove(key)) {
              removals.incrementAndGet();
            }
          }
          default -> {
            gets.incrementAndGet();
            if (cache.get(key) != null) {
              hits.incrementAndGet();
            }
          }
        }
      }
      return null;
    });
    CacheStatisticsMXBean stats = statistics(cache);
    assertEquals(gets.get(), stats.getCacheGets());
    assertEquals(hits.get(), stats.getCacheHits());
    assertEquals(stats.getCacheGets(), stats.getCacheHits() + stats.getCacheMisses());
    int size = 0;
    for (Cache.Entry<Integer, Integer> ignored : cache) {
      size++; // (iterating counts a hit per entry, as JSR-107 says: gets are checked above)
    }
    assertEquals(puts.get(), stats.getCachePuts());
    assertEquals(removals.get(), stats.getCacheRemovals());
    assertEquals(creations.get() - removals.get() - size, stats.getCacheEvictions(),
        "every entry created was removed, evicted or is still there");
    assertTrue(size <= 16, "within the bound: " + size);
    // one call in 64 is timed, scaled: 36,000 gets and 12,000 each of puts and removes give averages
    assertTrue(stats.getAverageGetTime() > 0, "average get time " + stats.getAverageGetTime());
    assertTrue(stats.getAveragePutTime() > 0, "average put time " + stats.getAveragePutTime());
    assertTrue(stats.getAverageRemoveTime() > 0, "average remove time " + stats.getAverageRemoveTime());
  }

  @Test
  void mixedWritersSendOneCreatedPerAbsentToPresentChange() throws Exception {
    Cache<Integer, Integer> cache = create(config(Integer.class, Integer.class));
    RecordingListener<Integer, Integer> listener = listen(cache);
    int keys = 8;
    race(() -> {
      java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
      for (int i = 0; i < 3_000; i++) {
        int k = random.nextInt(keys);
        switch (random.nextInt(4)) {
          case 0 -> cache.put(k, i);
          case 1 -> cache.remove(k);
          case 2 -> cache.putIfAbsent(k, i);
          default -> cache.replace(k, i);
        }
      }
      return null;
    });
    // each key alternates absent -> present (CREATED) -> absent (REMOVED): whatever order concurrent
    // synchronous deliveries interleave in, CREATED minus REMOVED must equal the key's final presence
    for (int k = 0; k < keys; k++) {
      int balance = 0;
      for (String event : listener.events()) {
        String[] parts = event.split(" ");
        if (Integer.parseInt(parts[1]) == k) {
          balance += parts[0].equals("CREATED") ? 1 : parts[0].equals("REMOVED") ? -1 : 0;
        }
      }
      assertEquals(cache.containsKey(k) ? 1 : 0, balance, "key " + k + ": CREATED minus REMOVED events");
    }
  }
}
