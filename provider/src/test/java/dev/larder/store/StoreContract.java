package dev.larder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.engine.AccessRule;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.engine.ManualClock;
import dev.larder.engine.Step;
import dev.larder.testing.Race;
import dev.larder.testing.Steps;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every store implementation: what the JCache layer relies
 * on, whatever keeps the entries — the steps, and the rules every tier keeps (an exclusive step
 * holds only its key; a flight is replaced by any change; a failed step changes nothing).
 */
public abstract class StoreContract {

  protected final ManualClock clock = new ManualClock();
  protected final Liveness liveness = new Liveness(clock, AccessRule.NEVER_RENEWS, d -> { });
  protected Store<String, String> store;
  protected final ExecutorService pool = Executors.newCachedThreadPool();

  /** Returns a new, empty store. */
  protected abstract Store<String, String> newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    store.close();
  }

  private void put(String key, String value, long deadline) {
    Steps.put(store, key, value, deadline);
  }

  @Test
  void stepsInsertReplaceAndRemove() {
    assertNull(store.get("k"));
    put("k", "a", Deadlines.NEVER);
    assertEquals("a", store.get("k").value());
    assertEquals("a", store.read("k"));
    Steps.compute(store, "k", (k, current) -> {
      assertEquals("a", current.value());
      return new Holder<>("b", clock.millis() + 5_000);
    });
    assertEquals("b", store.get("k").value());
    assertEquals(clock.millis() + 5_000, store.get("k").deadline());
    Steps.compute(store, "k", (k, current) -> null);
    assertNull(store.get("k"));
    assertNull(store.read("k"));
    assertEquals(0, store.size());
  }

  @Test
  void aStepThatKeepsChangesNothingAndCommittedRunsAfterTheChange() {
    put("k", "a", Deadlines.NEVER);
    Holder<String> seen = store.get("k");
    Steps.FunctionStep<String, String> keep = Steps.of((k, current) -> current);
    store.apply("k", keep, false);
    if (keepsEntriesInMemory()) {
      assertSame(seen.value(), keep.seen.value());
    } else {
      assertEquals(seen.value(), keep.seen.value(), "a store that decodes its entries hands out equal copies");
    }
    assertTrue(keep.committedRan);
    assertEquals("a", store.get("k").value());
    Step<String, String> check = new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        set("z", Deadlines.NEVER, true);
      }

      @Override
      protected void committed(String key) {
        assertEquals("z", store.read(key), "committed runs once the change is visible");
      }
    };
    store.apply("k", check, true);
  }

  @Test
  void aFailingStepLeavesTheEntryAsItWas() {
    put("k", "a", Deadlines.NEVER);
    for (boolean mayBlock : new boolean[] {false, true}) {
      assertThrows(IllegalStateException.class, () -> store.apply("k", Steps.of((k, current) -> {
        throw new IllegalStateException("boom");
      }), mayBlock));
      assertEquals("a", store.get("k").value());
      assertEquals("a", store.read("k"));
    }
  }

  @Test
  void readsAnswerOnlyLiveValues() {
    put("dies", "x", clock.millis() + 100);
    assertEquals("x", store.read("dies"));
    clock.advance(java.time.Duration.ofMillis(100));
    assertNull(store.read("dies"), "expired at its deadline");
    assertEquals("x", store.get("dies").value(), "get still shows the expired entry to the layer above");
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

  /**
   * Whether the store keeps its entries in memory, where {@link Store#visit} walks them. A store in
   * front of a server may keep none there (it expires what the server holds in {@link Store#maintain}).
   */
  protected boolean keepsEntriesInMemory() {
    return true;
  }

  @Test
  void visitWalksEveryEntryThenReportsTheEnd() {
    for (int i = 0; i < 100; i++) {
      put("k" + i, "v" + i, i % 2 == 0 ? Deadlines.NEVER : 1_000 + i);
    }
    if (!keepsEntriesInMemory()) {
      assertEquals(0, store.visit(30, (k, h) -> { throw new AssertionError("visited " + k); }),
          "memory holds no entry, so the walk visits none");
      assertEquals(0, store.walkSize());
      return;
    }
    Map<String, Holder<String>> seen = new HashMap<>();
    int last;
    int calls = 0;
    do {
      last = store.visit(30, seen::put);
      calls++;
    } while (last == 30 && calls < 10);
    assertTrue(last < 30, "a call that reaches the end visits fewer than its budget");
    assertEquals(100, seen.size());
    assertEquals(1_001, seen.get("k1").deadline());
  }

  @Test
  void concurrentStepsOnTheSameKeysLoseNoUpdate() throws Exception {
    int perThread = 300;
    for (boolean mayBlock : new boolean[] {false, true}) {
      store.clear();
      Race.run(pool, 8, () -> {
        for (int i = 0; i < perThread; i++) {
          store.apply("counter-" + (i & 1), Steps.of((k, current) ->
              new Holder<>(String.valueOf(current == null ? 1 : Integer.parseInt(current.value()) + 1), Deadlines.NEVER)),
              mayBlock);
        }
        return null;
      });
      int total = Integer.parseInt(store.get("counter-0").value()) + Integer.parseInt(store.get("counter-1").value());
      assertEquals(8 * perThread, total, "mayBlock=" + mayBlock);
    }
  }

  /** A step that blocks in {@code decide} until released. */
  private Future<?> blockedStep(String key, CountDownLatch entered, CountDownLatch release, String value) {
    return pool.submit(() -> store.apply(key, Steps.of((k, current) -> {
      entered.countDown();
      try {
        assertTrue(release.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return new Holder<>(value, Deadlines.NEVER);
    }), true));
  }

  @Test
  void aBlockingStepHoldsOnlyItsKeyAndReadersSeeTheOldEntryUntilItCommits() throws Exception {
    put("a", "old", Deadlines.NEVER);
    put("b", "other", Deadlines.NEVER);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> blocked = blockedStep("a", entered, release, "new");
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    assertEquals("old", store.read("a"), "readers do not wait, and see the committed entry");
    // another key, even one of the same hash bin, is not held: both kinds of step go through
    pool.submit(() -> put("b", "changed", Deadlines.NEVER)).get(5, TimeUnit.SECONDS);
    pool.submit(() -> store.apply("b", Steps.of((k, c) -> c), true)).get(5, TimeUnit.SECONDS);
    Future<?> sameKey = pool.submit(() -> put("a", "after", Deadlines.NEVER));
    assertThrows(java.util.concurrent.TimeoutException.class, () -> sameKey.get(200, TimeUnit.MILLISECONDS),
        "a step on the same key waits for the blocking one");
    release.countDown();
    blocked.get(10, TimeUnit.SECONDS);
    sameKey.get(10, TimeUnit.SECONDS);
    assertEquals("after", store.read("a"), "the waiting step ran after the blocking one");
    assertEquals("changed", store.read("b"));
  }

  @Test
  void aHoldOfSeveralKeysMakesOtherThreadsWaitAndItsOwnStepsGoThrough() throws Exception {
    put("x", "1", Deadlines.NEVER);
    Future<?> other;
    try (Store.Hold hold = store.hold(List.of("x", "y"))) {
      other = pool.submit(() -> put("x", "other", Deadlines.NEVER));
      put("x", "mine", Deadlines.NEVER); // this thread holds the key: its step runs inside the hold
      put("y", "mine too", Deadlines.NEVER);
      assertThrows(java.util.concurrent.TimeoutException.class, () -> other.get(200, TimeUnit.MILLISECONDS));
    }
    other.get(10, TimeUnit.SECONDS);
    assertEquals("other", store.read("x"), "the other thread's write came after the hold");
    assertEquals("mine too", store.read("y"));
  }

  /** A step that starts a flight over the key's live entry or over nothing. */
  private Flight<String> startFlight(String key) {
    Flight<String>[] started = new Flight[1];
    store.apply(key, new Step<>() {
      @Override
      protected void decide(String k, Holder<String> current) {
        started[0] = new Flight<>(liveness.isLive(current) ? current : null);
        startFlight(started[0]);
      }
    }, false);
    return started[0];
  }

  /** A step that stores a value only if the flight is still in place. */
  private boolean land(String key, Flight<String> flight, String value) {
    boolean[] landed = new boolean[1];
    store.apply(key, new Step<>() {
      @Override
      protected void decide(String k, Holder<String> current) {
        if (current == flight) {
          set(value, Deadlines.NEVER, false);
          landed[0] = true;
        }
      }
    }, false);
    return landed[0];
  }

  @Test
  void aFlightReadsAsAbsentAndLandsWhenNothingChangedMeanwhile() {
    Flight<String> flight = startFlight("k");
    assertNull(store.read("k"), "a flight over nothing reads as absent");
    assertTrue(store.get("k").isPending());
    assertTrue(land("k", flight, "computed"));
    assertEquals("computed", store.read("k"));
  }

  @Test
  void aWriteOrRemovalDuringAFlightWinsOverTheComputedValue() {
    Flight<String> flight = startFlight("k");
    put("k", "newer", Deadlines.NEVER);
    assertFalse(land("k", flight, "older"));
    assertEquals("newer", store.read("k"));

    Flight<String> second = startFlight("gone");
    Steps.compute(store, "gone", (k, c) -> null);
    assertFalse(land("gone", second, "resurrected?"));
    assertNull(store.get("gone"));

    Flight<String> third = startFlight("cleared");
    store.clear();
    assertFalse(land("cleared", third, "resurrected?"));
    assertNull(store.get("cleared"));
  }

  @Test
  void aRefreshFlightKeepsTheLiveEntryVisibleAndAnAbandonedOneRestoresIt() {
    put("k", "cached", Deadlines.NEVER);
    Flight<String> refresh = startFlight("k");
    assertEquals("cached", store.read("k"), "readers keep the live entry while it is refreshed");
    store.apply("k", new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        assertSame(refresh, current);
        abandon(refresh);
      }
    }, true);
    assertEquals("cached", store.read("k"));
    assertFalse(store.get("k").isPending(), "the entry is back in place of the flight");
  }
}
