package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The size bound's read buffer, sampling and eviction ({@link SizeBound}) under contention: many
 * threads reading the same keys, and inserting at the same moment.
 */
class SizeBoundTest {

  private static Holder<String> holder(String v) {
    return new Holder<>(v, Deadlines.NEVER);
  }

  /** Runs a body on so many threads that start together, and rethrows the first failure. */
  private static void onThreads(int threads, ThreadBody body) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          body.run(index);
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("a worker failed", failures.peek());
    }
  }

  private interface ThreadBody {
    void run(int thread) throws Exception;
  }

  /** Fills a table with {@code count} keys below zero: a table at least half full records accesses. */
  private static void fill(EntryTable<Integer, String> table, int count) {
    for (int i = 1; i <= count; i++) {
      Steps.apply(table, -i, (k, old) -> holder("filler"));
    }
  }

  @Test
  void sampledReadsKeepTheOrderOfFrequencies() {
    EntryTable<Integer, String> table = new EntryTable<>(1_000, (k, h) -> { });
    fill(table, 500);
    for (int key = 1; key <= 3; key++) {
      Steps.apply(table, key, (k, old) -> holder("v"));
    }
    // interleaved, so every key's reads fall on every position of the sample
    for (int i = 0; i < 4_000; i++) {
      table.get(1);
      if (i % 10 == 0) {
        table.get(2);
      }
      if (i % 400 == 0) {
        table.get(3);
      }
    }
    int hot = table.frequency(1);
    int warm = table.frequency(2);
    int cold = table.frequency(3);
    assertTrue(hot >= warm && warm >= cold && hot > cold,
        "estimates follow the reads (4,000 / 400 / 10): " + hot + " / " + warm + " / " + cold);
    assertTrue(table.frequency(999_999) <= 1, "a key never seen has no count: " + table.frequency(999_999));
  }

  @Test
  void hotKeysReadByManyThreadsSurviveAFloodOfOneOffWritesAndEveryEvictionIsReported()
      throws InterruptedException {
    int bound = 200;
    int hotKeys = 50;
    int threads = 8;
    int rounds = 20_000;
    AtomicLong evicted = new AtomicLong();
    EntryTable<Integer, String> table = new EntryTable<>(bound, (k, h) -> evicted.incrementAndGet());
    for (int i = 0; i < hotKeys; i++) {
      Steps.apply(table, i, (k, old) -> holder("hot"));
    }
    AtomicInteger misses = new AtomicInteger();
    AtomicLong created = new AtomicLong(hotKeys);
    onThreads(threads, t -> {
      int cold = 1_000_000 * (t + 1);
      for (int i = 0; i < rounds; i++) {
        for (int r = 0; r < 3; r++) {
          int key = (i * 7 + r * 13 + t) % hotKeys; // every thread reads the same hot keys
          if (table.get(key) == null) {
            misses.incrementAndGet();
            Steps.apply(table, key, (k, old) -> {
              if (old == null) {
                created.incrementAndGet(); // two threads may miss the same key: one creates it
              }
              return holder("hot");
            });
          }
        }
        Steps.apply(table, cold + i, (k, old) -> holder("once"));
      }
    });
    int hotLeft = 0;
    for (int i = 0; i < hotKeys; i++) {
      hotLeft += table.get(i) == null ? 0 : 1;
    }
    assertTrue(hotLeft >= hotKeys * 9 / 10, "hot keys left: " + hotLeft + " of " + hotKeys);
    assertTrue(table.size() <= bound, "the bound holds once the writers are done: " + table.size());
    assertEquals(created.get() + (long) threads * rounds - table.size(), evicted.get(), "each entry created is either present or reported evicted");
    assertTrue(misses.get() < threads * rounds * 3 / 20,
        "hot reads hit (under 5 % misses): " + misses.get() + " misses of " + threads * rounds * 3);
  }

  @Test
  void concurrentInsertsOvershootTheBoundByAtMostTheInsertingThreads() throws InterruptedException {
    int bound = 500;
    int threads = 4;
    EntryTable<Integer, String> table = new EntryTable<>(bound, (k, h) -> { });
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger largest = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (writing.get()) {
        largest.accumulateAndGet(table.size(), Math::max);
      }
    });
    watcher.start();
    try {
      onThreads(threads, t -> {
        for (int i = 0; i < 50_000; i++) {
          Steps.apply(table, t * 1_000_000 + i, (k, old) -> holder("v"));
        }
      });
    } finally {
      writing.set(false);
      watcher.join();
    }
    // the watcher reads ConcurrentHashMap's striped count while writers change it: a read may see
    // a writer's increment but not its earlier decrement, up to one entry per writer too many
    assertTrue(largest.get() <= bound + 2 * threads, "the largest size seen while inserting: " + largest.get());
    assertTrue(largest.get() >= bound, "the watcher saw the table full: " + largest.get());
    assertTrue(table.size() <= bound, "back within the bound: " + table.size());
  }

  @Test
  void readersOnMoreThreadsThanStripesLoseRecordsButNothingElse() throws InterruptedException {
    int threads = SizeBound.stripes(Runtime.getRuntime().availableProcessors()) * 2;
    EntryTable<Integer, String> table = new EntryTable<>(64, (k, h) -> { });
    for (int i = 0; i < 64; i++) {
      String value = "v" + i;
      Steps.apply(table, i, (k, old) -> holder(value));
    }
    onThreads(threads, t -> {
      for (int i = 0; i < 50_000; i++) {
        int key = i & 7; // eight keys, read by every thread: stripes are shared, records collide
        Holder<String> found = table.get(key);
        if (found == null || !found.value().equals("v" + key)) {
          throw new AssertionError("read " + found + " for " + key);
        }
      }
    });
    assertEquals(64, table.size(), "reads never evict");
    for (int key = 0; key < 8; key++) {
      assertTrue(table.frequency(key) > table.frequency(40) + 2, "read keys counted: key " + key
          + " has " + table.frequency(key) + ", an unread key " + table.frequency(40));
    }
  }

  @Test
  void nothingIsRecordedBelowHalfTheBoundAndEverythingSampledFromHalfOn() {
    EntryTable<Integer, String> table = new EntryTable<>(1_000, (k, h) -> { });
    Steps.apply(table, 1, (k, old) -> holder("v"));
    fill(table, 498); // 499 entries: one short of half
    for (int i = 0; i < 4_000; i++) {
      table.get(1);
    }
    assertEquals(0, table.frequency(1), "below half the bound, reads leave no count");
    Steps.apply(table, -499, (k, old) -> holder("filler")); // 500: half the bound
    for (int i = 0; i < 4_000; i++) {
      table.get(1);
    }
    assertTrue(table.frequency(1) >= 10, "from half the bound on, reads are counted: " + table.frequency(1));
  }

  @Test
  void aLoopLargerThanTheBoundKeepsPartOfItCached() {
    // LRU and FIFO hit nothing here: each key is evicted just before its next use
    int bound = 1_000;
    int loop = 1_500;
    EntryTable<Integer, String> table = new EntryTable<>(bound, (k, h) -> { });
    long hits = 0;
    long reads = 0;
    for (int pass = 0; pass < 30; pass++) {
      for (int key = 0; key < loop; key++) {
        reads++;
        if (table.get(key) != null) {
          hits++;
        } else {
          Steps.apply(table, key, (k, old) -> holder("v"));
        }
      }
    }
    double ratio = (double) hits / reads;
    assertTrue(ratio > 0.25, "hit ratio of a loop over 1.5 × the bound: " + ratio);
    assertTrue(table.size() <= bound);
  }

  /** A key of {@code blocks} blocks of "Aa" or "BB", chosen by the bits of {@code n}: every such key has one hash code. */
  private static String colliding(long n, int blocks) {
    StringBuilder key = new StringBuilder(2 * blocks);
    for (int b = 0; b < blocks; b++) {
      key.append((n >>> b & 1) == 0 ? "Aa" : "BB");
    }
    return key.toString();
  }

  @Test
  void aMissAndThePutThatFollowsItCountAsOneRequest() {
    EntryTable<Integer, String> table = new EntryTable<>(100_000, (k, h) -> { });
    fill(table, 50_000);
    int keys = 20_000;
    for (int i = 0; i < keys; i++) {
      int missed = 2 * i;
      if (table.get(missed) == null) { // a read that misses, then its put: one request
        Steps.apply(table, missed, (k, old) -> holder("v"));
      }
      Steps.apply(table, 2 * i + 1, (k, old) -> holder("v")); // a put alone: one request
    }
    long missedThenPut = 0;
    long putOnly = 0;
    for (int i = 0; i < keys; i++) {
      missedThenPut += table.frequency(2 * i);
      putOnly += table.frequency(2 * i + 1);
    }
    double ratio = (double) missedThenPut / putOnly;
    // nothing is evicted here, so the sample may thin out to one access in 32
    assertTrue(putOnly > keys / SizeBound.SPARSEST_SAMPLE / 2, "puts are counted: " + putOnly);
    assertTrue(ratio > 0.8 && ratio < 1.25, "a miss adds nothing to its put's count: " + missedThenPut + " / " + putOnly);
  }

  @Test
  void hotKeysSurviveAFloodOfOneOffKeysThatShareOneHashCode() throws InterruptedException {
    // one hash code for every attacker key: in the sketch they are one key, seen on every write
    hotKeysSurviveAFlood(i -> "hot-" + i, n -> colliding(n, 24));
  }

  @Test
  void whenEveryKeyIsAStringOfOneHashCodeHotKeysStillSurviveAFlood() throws InterruptedException {
    // the hot keys collide with each other and with the flood: only a second hash tells them apart
    int hotKeys = 50;
    hotKeysSurviveAFlood(i -> colliding(i, 24), n -> colliding(hotKeys + n, 24));
  }

  /**
   * 8 threads read the same 50 hot keys of a table bounded at 200 and each write a one-off key
   * after every read: the hot keys stay, their reads hit, the bound holds.
   */
  private static void hotKeysSurviveAFlood(IntFunction<String> hotKey, LongFunction<String> attackerKey)
      throws InterruptedException {
    int bound = 200;
    int hotKeys = 50;
    int threads = 8;
    int rounds = 20_000;
    EntryTable<String, String> table = new EntryTable<>(bound, (k, h) -> { });
    for (int i = 0; i < hotKeys; i++) {
      Steps.apply(table, hotKey.apply(i), (k, old) -> holder("hot"));
    }
    AtomicInteger misses = new AtomicInteger();
    onThreads(threads, t -> {
      for (int i = 0; i < rounds; i++) {
        String key = hotKey.apply((i * 7 + t) % hotKeys); // every thread reads the same hot keys
        if (table.get(key) == null) {
          misses.incrementAndGet();
          Steps.apply(table, key, (k, old) -> holder("hot"));
        }
        Steps.apply(table, attackerKey.apply((long) t * rounds + i), (k, old) -> holder("attacker"));
      }
    });
    int hotLeft = 0;
    for (int i = 0; i < hotKeys; i++) {
      hotLeft += table.get(hotKey.apply(i)) == null ? 0 : 1;
    }
    assertTrue(hotLeft >= hotKeys * 9 / 10, "hot keys left: " + hotLeft + " of " + hotKeys);
    assertTrue(misses.get() < threads * rounds / 10,
        "hot reads hit (under 10 % misses): " + misses.get() + " misses of " + threads * rounds);
    assertTrue(table.size() <= bound, "the bound holds once the writers are done: " + table.size());
  }

  @Test
  void aTableThatRarelyEvictsSamplesSparselyAndDenselyOnceItEvicts() {
    int bound = 1_000;
    EntryTable<Integer, String> table = new EntryTable<>(bound, (k, h) -> { });
    for (int key = 0; key < bound; key++) {
      Steps.apply(table, key, (k, old) -> holder("v"));
    }
    assertEquals(SizeBound.READ_SAMPLE, table.sampleEvery(), "dense to start with");
    for (int i = 0; i < 2_000_000; i++) {
      table.get(i % bound); // every read hits: nothing is evicted
    }
    assertEquals(SizeBound.SPARSEST_SAMPLE, table.sampleEvery(), "no evictions: the sparsest sample");
    for (int i = 0; i < 200_000; i++) {
      int key = bound + i; // every write evicts
      Steps.apply(table, key, (k, old) -> holder("v"));
      table.get(key);
    }
    assertEquals(SizeBound.READ_SAMPLE, table.sampleEvery(), "an eviction per write: dense again");
  }
}
