package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.Race;
import dev.larder.testing.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The table's markers: exclusive steps ({@link KeyLock}) and computations in flight ({@link Flight}). */
class EntryTableMarkerTest {

  private final EntryTable<String, String> table = new EntryTable<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static Holder<String> h(String value) {
    return new Holder<>(value, Deadlines.NEVER);
  }

  @Test
  void aLockShowsTheOldEntryUntilPublishedThenTheNewOne() {
    Steps.compute(table, "k", (k, c) -> h("old"));
    KeyLock<String> lock = table.lock("k");
    try {
      assertEquals("old", table.get("k").value(), "readers see the committed entry");
      Steps.FunctionStep<String, String> step = Steps.of((k, c) -> h("new"));
      step.runDecide("k", table.current(lock));
      assertEquals("old", table.get("k").value(), "a decision is not visible before it is published");
      table.publish(lock, step);
      assertEquals("new", table.get("k").value(), "published: readers see it while the key is still held");
    } finally {
      table.unlock(lock);
    }
    assertFalse(table.get("k").isPending());
    assertEquals("new", table.get("k").value());
  }

  @Test
  void aLockIsReentrantForItsOwnerAndTheLastReleaseInstallsWhatWasPublished() {
    KeyLock<String> outer = table.lock("k");
    KeyLock<String> inner = table.lock("k");
    assertSame(outer, inner);
    Steps.FunctionStep<String, String> step = Steps.of((k, c) -> h("nested"));
    step.runDecide("k", table.current(inner));
    table.publish(inner, step);
    table.unlock(inner);
    assertTrue(table.get("k").isPending(), "still held by the outer level");
    table.apply("k", Steps.of((k, c) -> {
      assertEquals("nested", c.value(), "a step of the owner inside the hold sees what was published");
      return h("again");
    }));
    table.unlock(outer);
    assertEquals("again", table.get("k").value());
  }

  @Test
  void otherThreadsWaitForAHeldKeyAndOtherKeysDoNot() throws Exception {
    Steps.compute(table, "held", (k, c) -> h("0"));
    KeyLock<String> lock = table.lock("held");
    Future<?> sameKey = pool.submit(() -> Steps.compute(table, "held", (k, c) -> h(c.value() + "+1")));
    assertThrows(TimeoutException.class, () -> sameKey.get(200, TimeUnit.MILLISECONDS));
    pool.submit(() -> Steps.compute(table, "other", (k, c) -> h("free"))).get(5, TimeUnit.SECONDS);
    pool.submit(() -> table.applyExclusive("other2", Steps.of((k, c) -> h("free")))).get(5, TimeUnit.SECONDS);
    table.unlock(lock);
    sameKey.get(5, TimeUnit.SECONDS);
    assertEquals("0+1", table.get("held").value(), "the waiting step ran once the key was released, on the entry");
  }

  @Test
  void aCycleOfWaitsFailsInsteadOfDeadlocking() throws Exception {
    KeyLock<String> a = table.lock("a");
    CountDownLatch otherHoldsB = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> other = pool.submit(() -> {
      KeyLock<String> b = table.lock("b");
      otherHoldsB.countDown();
      try {
        table.lock("a"); // waits for this test's thread
        return "got a";
      } catch (IllegalStateException cycle) {
        return "cycle";
      } finally {
        release.await(10, TimeUnit.SECONDS);
        table.unlock(b);
      }
    });
    assertTrue(otherHoldsB.await(5, TimeUnit.SECONDS));
    // wait until the other thread waits for "a", then ask for "b": one of the two sees the cycle
    String outcome;
    try {
      waitUntilWaiting();
      table.lock("b");
      outcome = "test got b";
    } catch (IllegalStateException cycle) {
      assertTrue(cycle.getMessage().contains("would never end"), cycle.getMessage());
      outcome = "cycle here";
    }
    table.unlock(a);
    release.countDown();
    Object theirs = other.get(10, TimeUnit.SECONDS);
    assertTrue(outcome.equals("cycle here") || "cycle".equals(theirs), "someone must see the cycle: " + outcome + ", " + theirs);
  }

  private void waitUntilWaiting() throws InterruptedException {
    for (int i = 0; i < 1_000; i++) {
      boolean waiting = Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> {
        for (StackTraceElement f : e.getValue()) {
          if (f.getMethodName().equals("await") && f.getClassName().equals(KeyLock.class.getName())) {
            return true;
          }
        }
        return false;
      });
      if (waiting) {
        return;
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(1);
    }
  }

  @Test
  void lockAllOfOverlappingKeySetsFromManyThreadsNeverDeadlocks() throws Exception {
    AtomicInteger done = new AtomicInteger();
    Race.run(pool, 6, () -> {
      for (int i = 0; i < 300; i++) {
        List<String> keys = new ArrayList<>(List.of("a", "b", "c", "d", "Aa", "BB")); // Aa and BB share a hash
        java.util.Collections.shuffle(keys);
        List<KeyLock<String>> locks = table.lockAll(keys.subList(0, 3 + (i % 4)));
        table.unlockAll(locks);
        done.incrementAndGet();
      }
      return null;
    });
    assertEquals(6 * 300, done.get());
    assertNull(table.get("a"), "locks over nothing leave nothing behind");
  }

  @Test
  void aWriteReplacesAFlightAndTheFlightThenCannotLand() {
    Flight<String> flight = new Flight<>(null);
    table.apply("k", new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        startFlight(flight);
      }
    });
    assertSame(flight, table.get("k"));
    assertNull(table.get("k").value(), "a flight over nothing reads as absent");
    Steps.compute(table, "k", (k, c) -> h("newer"));
    boolean[] landed = new boolean[1];
    table.apply("k", new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        if (current == flight) {
          set("older", Deadlines.NEVER, false);
          landed[0] = true;
        }
      }
    });
    assertFalse(landed[0]);
    assertEquals("newer", table.get("k").value());
  }

  @Test
  void clearDropsFlightsButKeepsKeysHeldByExclusiveSteps() {
    table.apply("flying", new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        startFlight(new Flight<>(null));
      }
    });
    KeyLock<String> lock = table.lock("held");
    table.clear();
    assertNull(table.get("flying"));
    assertNotNull(table.get("held"), "the step's own release decides what the key holds");
    Steps.FunctionStep<String, String> step = Steps.of((k, c) -> h("written after the clear"));
    step.runDecide("held", table.current(lock));
    table.publish(lock, step);
    table.unlock(lock);
    assertEquals("written after the clear", table.get("held").value());
  }

  @Test
  void markersAreNeverEvictedNorVisited() {
    List<String> evicted = new ArrayList<>();
    EntryTable<String, String> bounded = new EntryTable<>(4, (k, h) -> evicted.add(k));
    KeyLock<String> lock = bounded.lock("held");
    bounded.apply("flying", new Step<>() {
      @Override
      protected void decide(String key, Holder<String> current) {
        startFlight(new Flight<>(null));
      }
    });
    for (int i = 0; i < 50; i++) {
      Steps.apply(bounded, "k" + i, (k, c) -> h("v"));
    }
    assertFalse(evicted.contains("held"));
    assertFalse(evicted.contains("flying"));
    assertTrue(bounded.get("held").isPending());
    assertTrue(bounded.get("flying").isPending());
    List<String> visited = new ArrayList<>();
    bounded.visit(100, (k, h) -> visited.add(k));
    assertFalse(visited.contains("held") || visited.contains("flying"), "expiry passes skip markers: " + visited);
    bounded.unlock(lock);
  }
}
