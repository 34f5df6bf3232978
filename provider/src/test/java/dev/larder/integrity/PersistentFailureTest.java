package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import dev.larder.testing.RecordingListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 6, 10, 12 and 13: what a persistent cache does when its file fails it — a commit
 * that fails leaves the cache unchanged, a stuck commit does not block other keys, a corrupt file
 * can be deleted and reopened in the same JVM, and changed bytes inside a row are reported as
 * corruption, never returned as data.
 */
class PersistentFailureTest {

  @TempDir
  Path dir;

  private LarderCachingProvider provider = new LarderCachingProvider();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    provider.close();
  }

  private <K> Cache<K, String> open(Class<K> keyType, String name) {
    CacheManager manager = provider.getCacheManager(URI.create("larder:failures"), null);
    LarderConfiguration<K, String> config = new LarderConfiguration<>();
    config.setTypes(keyType, String.class);
    config.setMode(Mode.PERSISTENT).setDirectory(dir.toString());
    Cache<K, String> cache = manager.getCache(name, keyType, String.class);
    return cache != null ? cache : manager.createCache(name, config);
  }

  private void restart() {
    provider.close();
    provider = new LarderCachingProvider();
  }

  @Test
  void aCommitThatFailsLeavesMemoryAndEventsUnchanged() throws Exception {
    Cache<String, String> cache = open(String.class, "orders");
    RecordingListener<String, String> async = new RecordingListener<>();
    Factory<RecordingListener<String, String>> factory = () -> async;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, false));
    async.expect(2);
    cache.put("k", "v1");
    Path file = StoreFiles.find(dir, "orders");
    try (Connection other = StoreFiles.connect(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // another process holds the write lock past the busy timeout
      CacheException e = assertThrows(CacheException.class, () -> cache.put("k", "v2"));
      assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
      assertEquals("v1", cache.get("k"), "memory still serves what the file holds");
      s.execute("ROLLBACK");
    }
    cache.put("k", "v3"); // a key's asynchronous events arrive in order: any event of v2 would come first
    assertTrue(async.await());
    assertEquals(List.of("CREATED k v1 -", "UPDATED k v3 v1"), async.events(),
        "no event for the write that failed, and the next write's old value is the one that was kept");
    restart();
    assertEquals("v3", open(String.class, "orders").get("k"));
  }

  /** Keys whose hash codes are all equal: they share one bin of any hash table. */
  public record Colliding(String name) {
    @Override
    public int hashCode() {
      return 42;
    }
  }

  @Test
  void aStuckCommitOfOneKeyDoesNotBlockAnotherKeyOfTheSameBin() throws Exception {
    Cache<Colliding, String> cache = open(Colliding.class, "bins");
    cache.put(new Colliding("b"), "present");
    Path file = StoreFiles.find(dir, "bins");
    try (Connection other = StoreFiles.connect(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      Future<?> stuck = pool.submit(() -> cache.put(new Colliding("a"), "waits for the file"));
      // putIfAbsent of a present key needs no commit: it must not wait for the other key's commit
      Future<Boolean> other2 = pool.submit(() -> cache.putIfAbsent(new Colliding("b"), "x"));
      assertEquals(false, other2.get(3, TimeUnit.SECONDS));
      assertEquals("present", pool.submit(() -> cache.get(new Colliding("b"))).get(3, TimeUnit.SECONDS));
      s.execute("ROLLBACK");
      stuck.get(30, TimeUnit.SECONDS);
    }
    assertEquals("waits for the file", cache.get(new Colliding("a")));
  }

  @Test
  void aCorruptStoreCanBeDeletedAndReopenedWithoutRestartingTheJvm() throws Exception {
    Cache<String, String> cache = open(String.class, "broken");
    for (int i = 0; i < 2_000; i++) {
      cache.put("k" + i, "value number " + i);
    }
    Path file = StoreFiles.find(dir, "broken");
    restart();
    // keep the header page, so that SQLite opens the file and finds the damage only when it reads rows
    byte[] bytes = Files.readAllBytes(file);
    assertTrue(bytes.length >= 65536, "the store has data pages");
    java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0x5a);
    Files.write(file, bytes);
    CacheException first = assertThrows(CacheException.class, () -> open(String.class, "broken"));
    assertTrue(first.getMessage().contains("corrupt"), first.getMessage());
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    Cache<String, String> fresh = open(String.class, "broken");
    fresh.put("k", "again");
    assertEquals("again", fresh.get("k"));
  }

  @Test
  void changedBytesInsideAStoredValueAreReportedAsCorruption() throws Exception {
    Cache<String, String> cache = open(String.class, "rows");
    String marker = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    cache.put("customer-7", "address " + marker);
    cache.put("customer-8", "fine");
    restart(); // closing checkpoints the WAL into the main file
    Path file = StoreFiles.find(dir, "rows");
    StoreFiles.patch(file, marker.getBytes(StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8));
    Cache<String, String> reopened = open(String.class, "rows");
    CacheException e = assertThrows(CacheException.class, () -> reopened.get("customer-7"));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("customer-7"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals("fine", reopened.get("customer-8"), "other rows still read");
    reopened.put("customer-7", "rewritten");
    assertEquals("rewritten", reopened.get("customer-7"), "writing the key replaces the corrupt row");
  }

}
