package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: in a bounded persistent cache, the eviction that a read's fault-in causes never writes
 * the file on the reader's thread — the renewed deadline of an evicted entry is queued for the
 * background writer. Proven by holding the file's write lock in another connection (as another
 * process would): a reader that wrote would wait out the store's 10-second busy timeout.
 */
class BoundedPersistentReadsTest {

  @TempDir
  Path dir;

  private final LarderCachingProvider provider = new LarderCachingProvider();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    provider.close();
  }

  @Test
  void readsThatFaultInAndEvictNeverWaitForTheFile() throws Exception {
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class);
    config.setMode(Mode.PERSISTENT).setDirectory(dir.toString());
    config.setMaximumSize(20);
    // reads renew deadlines: an evicted entry's renewal must reach the file, but not from the reader
    config.setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)));
    Cache<Integer, String> cache = provider.getCacheManager(URI.create("larder:bounded-reads"), null)
        .createCache("bounded", config);
    int keys = 200;
    for (int i = 0; i < keys; i++) {
      cache.put(i, "v" + i);
    }
    Path file = StoreFiles.find(dir, "bounded");
    try (Connection other = StoreFiles.connect(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      Future<Integer> reads = pool.submit(() -> {
        int found = 0;
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < keys; i++) {
            found += ("v" + i).equals(cache.get(i)) ? 1 : 0; // nearly every read faults in and evicts
          }
        }
        return found;
      });
      assertEquals(3 * keys, reads.get(5, TimeUnit.SECONDS), "every read answered while the file is locked");
      s.execute("ROLLBACK");
    }
    assertEquals("v7", cache.get(7));
  }
}
