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
import org.junit.jupiter.api.Test;

/** The engine's hash table: compute, identity-based removal, size, clear, iteration, atomicity. */
class EntryTableTest {

  private final EntryTable<String, String> table = new EntryTable<>();

  @Test
  void computeInsertsReplacesAndRemoves() {
    Holder<String> a = new Holder<>("a", Deadlines.NEVER);
    assertSame(a, table.compute("k", (k, cur) -> {
      assertNull(cur);
      return a;
    }));
    assertSame(a, table.get("k"));

    Holder<String> b = new Holder<>("b", Deadlines.NEVER);
    table.compute("k", (k, cur) -> {
      assertSame(a, cur);
      return b;
    });
    assertSame(b, table.get("k"));

    assertNull(table.compute("k", (k, cur) -> null));
    assertNull(table.get("k"));
    assertEquals(0, table.size());
  }

  @Test
  void computeReturningTheSameEntryLeavesItInPlace() {
    Holder<String> a = new Holder<>("a", 10);
    table.compute("k", (k, cur) -> a);
    assertSame(a, table.compute("k", (k, cur) -> cur));
    assertSame(a, table.get("k"));
  }

  @Test
  void computeThatThrowsLeavesTheMappingUnchanged() {
    Holder<String> a = new Holder<>("a", 10);
    table.compute("k", (k, cur) -> a);
    assertThrows(IllegalStateException.class, () -> table.compute("k", (k, cur) -> {
      throw new IllegalStateException("boom");
    }));
    assertSame(a, table.get("k"));
  }

  @Test
  void removeIfSameRemovesOnlyTheVeryInstance() {
    Holder<String> a = new Holder<>("v", 10);
    Holder<String> equalButOther = new Holder<>("v", 10);
    table.compute("k", (k, cur) -> a);

    assertFalse(table.removeIfSame("k", equalButOther));
    assertSame(a, table.get("k"));
    assertTrue(table.removeIfSame("k", a));
    assertNull(table.get("k"));
    assertFalse(table.removeIfSame("k", a));
  }

  @Test
  void removeIfSameOnAbsentKeyIsFalseAndNullIsRejected() {
    assertFalse(table.removeIfSame("nope", new Holder<>("v", 1)));
    assertThrows(NullPointerException.class, () -> table.removeIfSame("k", null));
  }

  @Test
  void sizeCountsExpiredEntriesAndClearEmpties() {
    table.compute("live", (k, c) -> new Holder<>("1", Deadlines.NEVER));
    table.compute("dead", (k, c) -> new Holder<>("2", 0));
    assertEquals(2, table.size());
    table.clear();
    assertEquals(0, table.size());
    assertNull(table.get("live"));
  }

  @Test
  void iteratorSeesEveryMappingAndToleratesConcurrentModification() {
    for (int i = 0; i < 100; i++) {
      String key = "k" + i;
      table.compute(key, (k, c) -> new Holder<>(k, Deadlines.NEVER));
    }
    Set<String> seen = new HashSet<>();
    Iterator<Map.Entry<String, Holder<String>>> it = table.iterator();
    while (it.hasNext()) {
      Map.Entry<String, Holder<String>> e = it.next();
      seen.add(e.getKey());
      assertEquals(e.getKey(), e.getValue().value());
      table.compute("extra" + seen.size(), (k, c) -> new Holder<>(k, Deadlines.NEVER));
      table.compute(e.getKey(), (k, c) -> null);
    }
    for (int i = 0; i < 100; i++) {
      assertTrue(seen.contains("k" + i), "k" + i);
    }
  }

  @Test
  void concurrentComputeOnOneKeyIsAtomic() throws Exception {
    int threads = 8;
    int increments = 2_000;
    table.compute("counter", (k, c) -> new Holder<>("0", Deadlines.NEVER));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            table.compute("counter", (k, c) ->
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
