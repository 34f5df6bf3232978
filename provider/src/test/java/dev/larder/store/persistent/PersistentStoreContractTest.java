package dev.larder.store.persistent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.Durability;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.store.Store;
import dev.larder.store.StoreContract;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import java.nio.file.Path;
import java.util.List;
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
        new JsonCodec(new TypeAllowlist(String.class, String.class, List.of(), getClass().getClassLoader())), 0, eternal());
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
      int n = i;
      store.compute("k" + i, (k, c) -> new Holder<>("v" + n, n % 2 == 0 ? Deadlines.NEVER : 10_000 + n));
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
  void visitReachesTheEarliestDeadlinesThatAreOnlyInTheFile() {
    store.compute("old", (k, c) -> new Holder<>("a", 1_000));
    store.compute("eternal", (k, c) -> new Holder<>("b", Deadlines.NEVER));
    reopen();
    java.util.Map<String, Holder<String>> seen = new java.util.HashMap<>();
    store.visit(100, seen::put);
    assertEquals(1_000, seen.get("old").deadline());
    assertEquals("a", store.get("old").value(), "the visited entry is now in memory, unchanged");
  }

  @Test
  void aDeadlineRenewedByAReadIsWrittenUnlessTheEntryChangedSince() {
    store.compute("renewed", (k, c) -> new Holder<>("a", 10_000));
    store.compute("replaced", (k, c) -> new Holder<>("b", 10_000));
    Holder<String> renewed = store.get("renewed");
    renewed.deadline(20_000);
    store.renewed("renewed", renewed);
    Holder<String> replaced = store.get("replaced");
    replaced.deadline(20_000);
    store.renewed("replaced", replaced);
    store.compute("replaced", (k, c) -> new Holder<>("b2", 30_000));
    store.maintain();
    reopen();
    assertEquals(20_000, store.get("renewed").deadline());
    assertEquals(30_000, store.get("replaced").deadline(), "the later write's deadline, not the stale renewal");
  }

  @Test
  void closingWritesRenewalsNotYetWritten() {
    store.compute("k", (k, c) -> new Holder<>("a", 10_000));
    Holder<String> entry = store.get("k");
    entry.deadline(25_000);
    store.renewed("k", entry);
    reopen();
    assertEquals(25_000, store.get("k").deadline());
  }
}
