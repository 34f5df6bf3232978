package dev.larder.store.persistent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Durability;
import dev.larder.testing.Race;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write queue: callers commit for each other, in queue order, and share failures. */
class WriteQueueTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void concurrentCommittersEachReturnOnlyOnceTheirWriteIsInTheFile() throws Exception {
    StoreFile file = StoreFile.open(dir.resolve("q.db"), Durability.COMMIT);
    WriteQueue queue = new WriteQueue(file, "q", false);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Race.run(pool, 8, () -> {
        String me = Thread.currentThread().getName();
        for (int i = 0; i < 200; i++) {
          // a shared key written by everyone, and one of this thread's own
          queue.commitThrough(queue.submit(WriteQueue.Kind.PUT, b("shared"), b(me + i), 0));
          queue.commitThrough(queue.submit(WriteQueue.Kind.PUT, b(me + "-" + i), b("v" + i), i));
          StoreFile.Row own = file.read(b(me + "-" + i));
          assertNotNull(own, "an acknowledged write is in the file");
          assertArrayEquals(b("v" + i), own.value());
          assertEquals(i, own.deadline());
        }
        return null;
      });
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      queue.close();
    }
    assertEquals(8 * 200 + 1, file.count());
    file.close();
  }

  @Test
  void writesOfOneKeyCommitInTheOrderTheyWereQueued() {
    StoreFile file = StoreFile.open(dir.resolve("order.db"), Durability.COMMIT);
    try (WriteQueue queue = new WriteQueue(file, "order", false)) {
      CompletableFuture<Void> last = null;
      for (int i = 0; i < 1_000; i++) {
        last = queue.submit(WriteQueue.Kind.PUT, b("k"), b("v" + i), 0);
      }
      queue.commitThrough(last);
      assertArrayEquals(b("v999"), file.read(b("k")).value());
    } finally {
      file.close();
    }
  }

  @Test
  void aFailedTransactionFailsEveryWriteOfItsBatchWithTheFileNamed() {
    Path path = dir.resolve("broken.db");
    StoreFile file = StoreFile.open(path, Durability.COMMIT);
    WriteQueue queue = new WriteQueue(file, "broken", false);
    CompletableFuture<Void> first = queue.submit(WriteQueue.Kind.PUT, b("a"), b("1"), 0);
    CompletableFuture<Void> second = queue.submit(WriteQueue.Kind.PUT, b("b"), b("2"), 0);
    file.close(); // the transaction cannot run
    CacheException e = assertThrows(CacheException.class, () -> queue.commitThrough(second));
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    assertTrue(first.isCompletedExceptionally(), "the other write of the batch failed with it");
    assertThrows(CacheException.class, () -> queue.commitThrough(first));
  }

  @Test
  void writeBehindWritesReachTheFileWithoutAnyoneWaiting() throws Exception {
    StoreFile file = StoreFile.open(dir.resolve("behind.db"), Durability.WRITE_BEHIND);
    try (WriteQueue queue = new WriteQueue(file, "behind", true)) {
      CompletableFuture<Void> done = queue.submit(WriteQueue.Kind.PUT, b("k"), b("v"), 0);
      done.get(10, TimeUnit.SECONDS); // the background thread committed it
      assertArrayEquals(b("v"), file.read(b("k")).value());
    } finally {
      file.close();
    }
  }

  @Test
  void closeCommitsWhatIsStillQueued() {
    Path path = dir.resolve("close.db");
    StoreFile file = StoreFile.open(path, Durability.COMMIT);
    WriteQueue queue = new WriteQueue(file, "close", false);
    CompletableFuture<Void> done = queue.submit(WriteQueue.Kind.PUT, b("k"), b("v"), 0);
    queue.close();
    assertTrue(done.isDone() && !done.isCompletedExceptionally());
    assertArrayEquals(b("v"), file.read(b("k")).value());
    assertThrows(CacheException.class, () -> queue.submit(WriteQueue.Kind.PUT, b("x"), b("y"), 0),
        "a closed queue refuses writes");
    file.close();
  }
}
