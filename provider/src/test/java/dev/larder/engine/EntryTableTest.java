package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import dev.larder.testing.Steps;
import org.junit.jupiter.api.Test;

/** The engine's hash table: steps, size, clear, iteration, atomicity. */
class EntryTableTest {

  private final EntryTable<String, String> table = new EntryTable<>();

  @Test
  void stepsInsertReplaceAndRemove() {
    Holder<String> a = Steps.compute(table, "k", (k, cur) -> {
      assertNull(cur);
      return new Holder<>("a", Deadlines.NEVER);
    });
    assertEquals("a", a.value());
    assertSame(a, table.get("k"), "the table hands out the holder it stores");

    Steps.compute(table, "k", (k, cur) -> {
      assertSame(a, cur);
      return new Holder<>("b", 50);
    });
    assertEquals("b", table.get("k").value());
    assertEquals(50, table.get("k").deadline());

    assertNull(Steps.compute(table, "k", (k, cur) -> null));
    assertNull(table.get("k"));
    assertEquals(0, table.size());
  }

  @Test
  void aStepThatKeepsLeavesTheVeryEntryInPlace() {
    Holder<String> a = Steps.compute(table, "k", (k, cur) -> new Holder<>("a", 10));
    assertSame(a, Steps.compute(table, "k", (k, cur) -> cur));
  }

  @Test
  void aStepThatThrowsLeavesTheMappingUnchanged() {
    Holder<String> a = Steps.compute(table, "k", (k, cur) -> new Holder<>("a", 10));
    assertThrows(IllegalStateException.class, () -> Steps.compute(table, "k", (k, cur) -> {
      throw new IllegalStateException("boom");
    }));
    assertSame(a, table.get("k"));
    assertThrows(IllegalStateException.class, () -> table.applyExclusive("k", Steps.of((k, cur) -> {
      throw new IllegalStateException("boom");
    })));
    assertSame(a, table.get("k"), "an exclusive step that throws restores the entry it locked");
  }

  @Test
  void aSetOverALiveEntryUpdatesItInPlace() {
    Holder<String> a = Steps.compute(table, "k", (k, cur) -> new Holder<>("a", 10));
    table.apply("k", new Step<String, String>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        set("b", 20, true);
      }
    });
    assertSame(a, table.get("k"), "no new holder for a put over a live entry");
    assertEquals("b", a.value());
    assertEquals(20, a.deadline());
  }

  @Test
  void sizeCountsExpiredEntriesAndClearEmpties() {
    Steps.compute(table, "live", (k, c) -> new Holder<>("1", Deadlines.NEVER));
    Steps.compute(table, "dead", (k, c) -> new Holder<>("2", 0));
    assertEquals(2, table.size());
    table.clear();
    assertEquals(0, table.size());
    assertNull(table.get("live"));
  }

  @Test
  void iteratorSeesEveryMappingAndToleratesConcurrentModification() {
    for (int i = 0; i < 100; i++) {
      String key = "k" + i;
      Steps.compute(table, key, (k, c) -> new Holder<>(k, Deadlines.NEVER));
    }
    Set<String> seen = new HashSet<>();
    Iterator<Map.Entry<String, Holder<String>>> it = table.iterator();
    while (it.hasNext()) {
      Map.Entry<String, Holder<String>> e = it.next();
      seen.add(e.getKey());
      assertEquals(e.getKey(), e.getValue().value());
      Steps.compute(table, "extra" + seen.size(), (k, c) -> new Holder<>(k, Deadlines.NEVER));
      Steps.compute(table, e.getKey(), (k, c) -> null);
    }
    for (int i = 0; i < 100; i++) {
      assertTrue(seen.contains("k" + i), "k" + i);
    }
  }

  @Test
  void concurrentComputeOnOneKeyIsAtomic() throws Exception {
    int threads = 8;
    int increments = 2_000;
    Steps.compute(table, "counter", (k, c) -> new Holder<>("0", Deadlines.NEVER));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            Steps.compute(table, "counter", (k, c) ->
                new Holder<>(String.valueOf(Integer.parseInt(c.value()) + 1), c.deadline()));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(String.valueOf(threads * increments), table.get("counter").value());
  }
}
