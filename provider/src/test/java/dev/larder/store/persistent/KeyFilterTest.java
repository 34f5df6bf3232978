package dev.larder.store.persistent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key filter and its upkeep: no key of the file is ever denied, few absent keys pass. */
class KeyFilterTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void everyAddedKeyPassesAndAboutOnePercentOfOthersDo() {
    KeyFilter filter = new KeyFilter(100_000);
    for (int i = 0; i < 100_000; i++) {
      filter.add(b("{\"k\":" + i + "}"));
    }
    for (int i = 0; i < 100_000; i++) {
      assertTrue(filter.mightContain(b("{\"k\":" + i + "}")), "key " + i);
    }
    int falsePositives = 0;
    for (int i = 100_000; i < 200_000; i++) {
      if (filter.mightContain(b("{\"k\":" + i + "}"))) {
        falsePositives++;
      }
    }
    assertTrue(falsePositives < 2_000, falsePositives + " of 100000 absent keys passed");
    assertFalse(filter.isFull());
    filter.add(b("one more"));
    assertTrue(filter.isFull());
  }

  @Test
  void theScanFindsTheFileAndPutsDuringAndAfterItAreNeverDenied() throws Exception {
    StoreFile file = StoreFile.open(dir.resolve("keys.db"), Durability.COMMIT);
    WriteQueue writer = new WriteQueue(file, "keys", false);
    FileKeys keys = new FileKeys(file, writer, "keys", 16);
    try {
      for (int i = 0; i < 100; i++) {
        put(writer, keys, "old" + i);
      }
      assertTrue(keys.mayHold(b("anything")), "before a scan, everything may be in the file");
      keys.rebuild(100);
      for (int i = 0; i < 100; i++) {
        put(writer, keys, "during" + i); // may race with the scan: must be kept either way
      }
      long capacity = keys.awaitScan();
      for (int i = 0; i < 100; i++) {
        assertTrue(keys.mayHold(b("old" + i)));
        assertTrue(keys.mayHold(b("during" + i)));
      }
      // past its capacity the filter is replaced by a larger one, without denying a key meanwhile
      for (int i = 0; i < 4 * capacity; i++) {
        put(writer, keys, "after" + i);
        assertTrue(keys.mayHold(b("after" + i)));
      }
      assertTrue(keys.awaitScan() > capacity, "a larger filter was built");
      for (int i = 0; i < 4 * capacity; i++) {
        assertTrue(keys.mayHold(b("after" + i)));
      }
      assertTrue(keys.mayHold(b("old7")));
    } finally {
      keys.close();
      writer.close();
      file.close();
    }
  }

  @Test
  void putsFromManyThreadsWhileTheFilterGrowsAreNeverDenied() throws Exception {
    for (int round = 0; round < 40; round++) {
      Path path = dir.resolve("grow" + round + ".db");
      StoreFile file = StoreFile.open(path, Durability.COMMIT);
      WriteQueue writer = new WriteQueue(file, "grow", false);
      FileKeys keys = new FileKeys(file, writer, "grow", 16);
      try {
        keys.rebuild(0);
        keys.awaitScan();
        int threads = 4;
        int perThread = 250;
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        var start = new java.util.concurrent.CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
          int id = t;
          workers[t] = new Thread(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < perThread; i++) {
              byte[] key = b("t" + id + "-" + i);
              var done = writer.submit(WriteQueue.Kind.PUT, key, b("v"), 0);
              keys.added(key);
              if (!keys.mayHold(key)) {
                failures.add(new String(key, UTF_8));
              }
              writer.commitThrough(done);
            }
          });
          workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
          worker.join();
        }
        keys.awaitScan();
        for (int t = 0; t < threads; t++) {
          for (int i = 0; i < perThread; i++) {
            if (!keys.mayHold(b("t" + t + "-" + i))) {
              failures.add("after the scans: t" + t + "-" + i);
            }
          }
        }
        assertTrue(failures.isEmpty(), "round " + round + ", denied keys of the file: " + failures);
      } finally {
        keys.close();
        writer.close();
        file.close();
      }
    }
  }

  private static void put(WriteQueue writer, FileKeys keys, String key) {
    var done = writer.submit(WriteQueue.Kind.PUT, b(key), b("v"), 0);
    keys.added(b(key));
    writer.commitThrough(done);
  }
}
