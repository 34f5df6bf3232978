package dev.larder.store.persistent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Durability;
import dev.larder.engine.Deadlines;
import dev.larder.engine.AccessRule;
import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.engine.ManualClock;
import dev.larder.store.StoreExpiry;
import dev.larder.testing.Steps;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import dev.larder.testing.Race;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misses of a store whose memory does not hold everything: keys that are only in the file are
 * found, before, during and after the background key scan, while writers add keys concurrently.
 */
class PersistentStoreMissTest {

  @TempDir
  Path dir;

  private PersistentStore<String, String> open(long maximumSize, Durability durability) {
    return new PersistentStore<>("misses", dir.resolve("misses.db"), durability, Duration.ofMillis(100),
        new JsonCodec(new TypeAllowlist(String.class, String.class, List.of(), getClass().getClassLoader())),
        new Liveness(new ManualClock(), AccessRule.NEVER_RENEWS, d -> { }), maximumSize, true, (k, h) -> { },
        StoreExpiry.none());
  }

  @Test
  void keysOnlyInTheFileAreFoundWhileWritersAddKeysDuringTheScan() throws Exception {
    try (PersistentStore<String, String> store = open(0, Durability.WRITE_BEHIND)) {
      for (int i = 0; i < 20_000; i++) {
        Steps.put(store, "old" + i, "old" + i, Deadlines.NEVER);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger thread = new AtomicInteger();
    try (PersistentStore<String, String> store = open(50, Durability.COMMIT)) {
      // the scan of 20,000 keys runs now; writers and readers race with it
      Race.run(pool, 4, () -> {
        int t = thread.getAndIncrement();
        for (int i = 0; i < 300; i++) {
          String key = "new-" + t + "-" + i;
          Steps.put(store, key, "v" + key, Deadlines.NEVER);
          int n = (i * 61 + t) % 20_000;
          Holder<String> old = store.get("old" + n);
          assertEquals("old" + n, old == null ? null : old.value(), "a key only in the file is found");
        }
        return null;
      });
      store.fileKeys().awaitScan();
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 300; i++) {
          String key = "new-" + t + "-" + i;
          assertEquals("v" + key, store.get(key).value(), key + " (most are evicted from memory)");
        }
      }
      for (int i = 0; i < 20_000; i += 97) {
        assertEquals("old" + i, store.get("old" + i).value());
      }
      assertNull(store.get("never-written"));
      assertEquals(20_000 + 1_200, store.size());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
