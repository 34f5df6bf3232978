package dev.larder.store.persistent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Durability;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.store.Store;
import dev.larder.store.StoreContract;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import java.nio.file.Path;
import java.util.List;
import dev.larder.testing.Steps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the persistent store, and what only a persistent store must do. */
class PersistentStoreContractTest extends StoreContract {

  @TempDir
  Path dir;

  /** Whether the store is opened for an eternal cache (memory keeps bare values). */
  protected boolean eternal() {
    return false;
  }

  private Store<String, String> open() {
    return new PersistentStore<>("contract", dir.resolve("contract.db"), Durability.COMMIT, java.time.Duration.ofMillis(100),
        new JsonCodec(new TypeAllowlist(String.class, String.class, List.of(), getClass().getClassLoader())), liveness,
        0, eternal(), (k, h) -> { }, StoreExpiry.none());
  }

  @Override
  protected Store<String, String> newStore() {
    return open();
  }

  private Store<String, String> reopen() {
    store.close();
    store = open();
    return store;
  }

  @Test
  void everythingSurvivesAReopenAndIsReadFromTheFile() {
    for (int i = 0; i < 1_200; i++) {
      Steps.put(store, "k" + i, "v" + i, i % 2 == 0 ? Deadlines.NEVER : 10_000 + i);
    }
    reopen();
    assertEquals("v7", store.get("k7").value());
    assertEquals(10_007, store.get("k7").deadline());
    assertEquals(1_200, store.size(), "size counts entries that are only in the file");
    int[] count = new int[1];
    store.iterator().forEachRemaining(e -> count[0]++);
    assertEquals(1_200, count[0], "iteration covers entries that are only in the file");
  }

  @Test
  void anExpiredRowOnlyInTheFileIsReclaimedByMaintenanceAndReported() {
    Steps.put(store, "old", "a", 1_000);
    Steps.put(store, "eternal", "b", Deadlines.NEVER);
    reopen();
    clock.advance(java.time.Duration.ofSeconds(2));
    assertEquals(0, store.visit(100, (k, h) -> { }), "memory holds nothing yet: the walk has nothing to visit");
    store.maintain();
    assertNull(store.get("old"), "the expired row is gone from the file");
    assertEquals("b", store.get("eternal").value());
  }

  @Test
  void thousandsOfRowsThatExpiredWhileClosedGoInAFewTransactions() {
    for (int i = 0; i < 5_000; i++) {
      Steps.put(store, "k" + i, "v", 1_000 + i);
    }
    Steps.put(store, "lives", "on", Deadlines.NEVER);
    reopen();
    clock.advance(java.time.Duration.ofHours(1));
    PersistentStore<String, String> persistent = (PersistentStore<String, String>) store;
    long before = persistent.transactions();
    int reclaimed = 0;
    for (int cycle = 0; cycle < 5 && store.size() > 1; cycle++) {
      reclaimed += store.maintain();
    }
    assertEquals(5_000, reclaimed);
    assertEquals(1, store.size());
    long transactions = persistent.transactions() - before;
    // a batch of ExpiredRows.BATCH rows is one transaction, or two when a concurrent commit (the
    // key scan's flush) takes the first part: never one per row
    assertTrue(transactions <= 6, "transactions for 5,000 expired rows: " + transactions);
  }

  @Test
  void aRemovalDuringAFaultInIsNotUndoneByIt() throws Exception {
    Steps.put(store, "k", "stored", Deadlines.NEVER);
    reopen(); // memory is empty: the next read of k faults it in from the file
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.Future<?> removal = pool.submit(() -> store.apply("k", Steps.of((k, current) -> {
      assertEquals("stored", current.value(), "the step sees the row it faulted in");
      inside.countDown();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return null;
    }), true));
    assertTrue(inside.await(10, java.util.concurrent.TimeUnit.SECONDS));
    java.util.concurrent.Future<String> reader = pool.submit(() -> store.read("k"));
    assertEquals("stored", reader.get(10, java.util.concurrent.TimeUnit.SECONDS),
        "a reader sees the committed entry while the removal is under way");
    release.countDown();
    removal.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertNull(store.read("k"), "the removal stands: no fault-in put the value back");
    reopen();
    assertNull(store.read("k"));
  }

  @Test
  void aDeadlineRenewedByAReadIsWrittenUnlessTheEntryChangedSince() {
    Steps.put(store, "renewed", "a", 10_000);
    Steps.put(store, "replaced", "b", 10_000);
    Holder<String> renewed = store.get("renewed");
    renewed.deadline(20_000);
    store.renewed("renewed", renewed);
    Holder<String> replaced = store.get("replaced");
    replaced.deadline(20_000);
    store.renewed("replaced", replaced);
    Steps.put(store, "replaced", "b2", 30_000);
    store.maintain();
    reopen();
    assertEquals(20_000, store.get("renewed").deadline());
    assertEquals(30_000, store.get("replaced").deadline(), "the later write's deadline, not the stale renewal");
  }

  @Test
  void closingWritesRenewalsNotYetWritten() {
    Steps.put(store, "k", "a", 10_000);
    Holder<String> entry = store.get("k");
    entry.deadline(25_000);
    store.renewed("k", entry);
    reopen();
    assertEquals(25_000, store.get("k").deadline());
  }
}
