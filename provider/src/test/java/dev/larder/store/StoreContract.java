package dev.larder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.testing.Race;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every store implementation: what the JCache layer relies
 * on, whatever keeps the entries.
 */
public abstract class StoreContract {

  protected Store<String, String> store;

  /** Returns a new, empty store. */
  protected abstract Store<String, String> newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Holder<String> h(String value, long deadline) {
    return new Holder<>(value, deadline);
  }

  private void put(String key, String value, long deadline) {
    store.compute(key, (k, current) -> h(value, deadline));
  }

  @Test
  void computeInsertsReplacesAndRemoves() {
    assertNull(store.get("k"));
    put("k", "a", Deadlines.NEVER);
    assertEquals("a", store.get("k").value());
    store.compute("k", (k, current) -> {
      assertEquals("a", current.value());
      return h("b", 5_000);
    });
    assertEquals("b", store.get("k").value());
    assertEquals(5_000, store.get("k").deadline());
    store.compute("k", (k, current) -> null);
    assertNull(store.get("k"));
    assertEquals(0, store.size());
  }

  @Test
  void returningTheCurrentEntryChangesNothing() {
    put("k", "a", Deadlines.NEVER);
    Holder<String> seen = store.get("k");
    // a store that keeps eternal entries bare hands out a fresh holder per read: same value object
    assertSame(seen.value(), store.compute("k", (k, current) -> current).value());
    assertEquals("a", store.get("k").value());
  }

  @Test
  void aFailingFunctionLeavesTheEntryAsItWas() {
    put("k", "a", Deadlines.NEVER);
    try {
      store.compute("k", (k, current) -> {
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the store must pass it on unchanged
    }
    assertEquals("a", store.get("k").value());
  }

  @Test
  void removeIfSameRemovesOnlyTheGivenEntry() {
    put("k", "a", Deadlines.NEVER);
    Holder<String> old = store.get("k");
    put("k", "b", Deadlines.NEVER);
    assertFalse(store.removeIfSame("k", old));
    assertEquals("b", store.get("k").value());
    assertTrue(store.removeIfSame("k", store.get("k")));
    assertNull(store.get("k"));
  }

  @Test
  void sizeClearAndIterationSeeEveryEntry() {
    for (int i = 0; i < 1_200; i++) {
      put("k" + i, "v" + i, i % 2 == 0 ? Deadlines.NEVER : 10_000 + i);
    }
    assertEquals(1_200, store.size());
    Map<String, String> seen = new HashMap<>();
    for (Iterator<Map.Entry<String, Holder<String>>> it = store.iterator(); it.hasNext(); ) {
      Map.Entry<String, Holder<String>> e = it.next();
      seen.put(e.getKey(), e.getValue().value());
    }
    assertEquals(1_200, seen.size());
    assertEquals("v7", seen.get("k7"));
    store.clear();
    assertEquals(0, store.size());
    assertFalse(store.iterator().hasNext());
    assertNull(store.get("k7"));
  }

  @Test
  void visitWalksEveryEntryThenReportsTheEnd() {
    for (int i = 0; i < 100; i++) {
      put("k" + i, "v" + i, i % 2 == 0 ? Deadlines.NEVER : 1_000 + i);
    }
    Map<String, Holder<String>> seen = new HashMap<>();
    int visited = 0;
    int calls = 0;
    int last;
    do {
      last = store.visit(30, seen::put);
      visited += last;
      calls++;
    } while (last == 30 && calls < 10);
    assertTrue(last < 30, "a call that reaches the end visits fewer than its budget");
    assertEquals(100, seen.size());
    assertEquals(1_001, seen.get("k1").deadline());
  }

  @Test
  void concurrentComputesOnTheSameKeysLoseNoUpdate() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      int perThread = 300;
      Race.run(pool, 8, () -> {
        for (int i = 0; i < perThread; i++) {
          store.compute("counter-" + (i & 1), (k, current) ->
              h(String.valueOf(current == null ? 1 : Integer.parseInt(current.value()) + 1), Deadlines.NEVER));
        }
        return null;
      });
      int total = Integer.parseInt(store.get("counter-0").value()) + Integer.parseInt(store.get("counter-1").value());
      assertEquals(8 * perThread, total);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
