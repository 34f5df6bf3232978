package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import dev.larder.testing.Steps;
import org.junit.jupiter.api.Test;

/** The size bound, admission and sweep of {@link EntryTable}. */
class EntryTableEvictionTest {

  private static Holder<String> holder(String v) {
    return new Holder<>(v, Deadlines.NEVER);
  }

  @Test
  void boundHoldsAndEvictionsAreReported() {
    AtomicLong evicted = new AtomicLong();
    EntryTable<Integer, String> table = new EntryTable<>(100, (k, h) -> evicted.incrementAndGet());
    for (int i = 0; i < 1_000; i++) {
      Steps.apply(table, i, (k, old) -> holder("v"));
    }
    assertEquals(100, table.size());
    assertEquals(900, evicted.get());
  }

  @Test
  void frequentKeysSurviveAScanMixedIntoTheirReads() {
    EntryTable<Integer, String> table = new EntryTable<>(100, (k, h) -> { });
    for (int i = 0; i < 50; i++) {
      Steps.apply(table, i, (k, old) -> holder("hot"));
    }
    // read often enough to stand out in the sketch's sample of one access in SizeBound.READ_SAMPLE
    for (int round = 0; round < 5 * SizeBound.READ_SAMPLE; round++) {
      for (int i = 0; i < 50; i++) {
        table.get(i);
      }
    }
    for (int i = 1_000; i < 11_000; i++) {
      Steps.apply(table, i, (k, old) -> holder("scan"));
      table.get(i % 50);
    }
    int hotLeft = 0;
    for (int i = 0; i < 50; i++) {
      hotLeft += table.get(i) == null ? 0 : 1;
    }
    assertTrue(hotLeft >= 45, "hot keys left after a scan: " + hotLeft);
  }

  @Test
  void boundHoldsUnderConcurrentWriters() throws InterruptedException {
    int threads = 4;
    EntryTable<Integer, String> table = new EntryTable<>(1_000, (k, h) -> { });
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * 100_000;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 20_000; i++) {
          Steps.apply(table, base + i, (k, old) -> holder("v"));
          table.get(base + (i >> 1));
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertTrue(table.size() <= 1_000, "size after all writers finished: " + table.size());
  }

  @Test
  void visitIsBoundedContinuesAndSeesExpiredEntries() {
    EntryTable<Integer, String> table = new EntryTable<>();
    for (int i = 0; i < 100; i++) {
      long deadline = i % 2 == 0 ? 1_000 : Deadlines.NEVER;
      Steps.apply(table, i, (k, old) -> new Holder<>("v", deadline));
    }
    List<Integer> expired = new ArrayList<>();
    int visited = table.visit(30, expiredAt(2_000, expired));
    assertEquals(30, visited);
    visited = table.visit(1_000, expiredAt(2_000, expired));
    assertEquals(70, visited, "the second visit continues where the first stopped");
    assertEquals(50, expired.size());
    assertNotNull(table.get(1));
  }

  @Test
  void sketchCountsAndAges() {
    FrequencySketch sketch = new FrequencySketch(16);
    for (int i = 0; i < 10; i++) {
      sketch.increment(42);
    }
    assertTrue(sketch.frequency(42) >= 10);
    assertTrue(sketch.frequency(7) <= 1);
    for (int i = 0; i < 1_000; i++) {
      sketch.increment(1_000 + i);
    }
    assertTrue(sketch.frequency(42) < 10, "old counts fade: " + sketch.frequency(42));
  }

  /** A visitor that collects the keys of entries expired at {@code now}. */
  private static java.util.function.BiConsumer<Integer, Holder<String>> expiredAt(long now, List<Integer> into) {
    return (k, h) -> {
      if (Deadlines.isDue(h.deadline(), now)) {
        into.add(k);
      }
    };
  }
}
