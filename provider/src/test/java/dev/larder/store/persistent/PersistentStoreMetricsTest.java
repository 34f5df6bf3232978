package dev.larder.store.persistent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderCacheMetrics;
import dev.larder.LarderCacheMetrics.StoreMetrics;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent cache's store metrics: commits, batch sizes, file reads, and the health check. */
class PersistentStoreMetricsTest {

  @TempDir
  Path dir;

  private final LarderCachingProvider provider = new LarderCachingProvider();
  private CacheManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
    provider.close();
  }

  private LarderCache<String, String> open(String name) {
    if (manager != null) {
      manager.close();
    }
    manager = provider.getCacheManager(URI.create("metrics"), getClass().getClassLoader(), new Properties());
    javax.cache.Cache<String, String> existing = manager.getCache(name, String.class, String.class);
    return LarderCache.of(existing != null ? existing : manager.createCache(name, new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setMode(Mode.PERSISTENT).setDirectory(dir.toString())));
  }

  @Test
  void commitsBatchesAndFileReadsAreCounted() {
    LarderCache<String, String> cache = open("counted");
    StoreMetrics store = cache.metrics().store().orElseThrow();
    assertTrue(store.location().endsWith("counted.db"), store.location());
    cache.put("a", "1");
    cache.put("b", "2");
    cache.putAll(java.util.Map.of("c", "3", "d", "4", "e", "5"));
    assertTrue(store.commits() >= 3 && store.commits() <= 5, "one commit per put, one or more for putAll: "
        + store.commits());
    assertEquals(5, store.committedWrites());
    assertTrue(store.commitNanos() > 0);
    assertEquals(0, store.commitFailures());
    assertEquals(0, store.fileReads(), "a store that started empty never reads its file");

    cache = open("counted");    // reopened: memory is empty, the file holds five rows
    store = cache.metrics().store().orElseThrow();
    assertEquals(5, cache.metrics().entryCount(), "the entry count is the file's");
    assertEquals("1", cache.get("a"));
    assertEquals("1", cache.get("a"));     // now in memory
    assertEquals(1, store.fileReads());
  }

  @Test
  void aHealthyStoreHasNoProblem() {
    LarderCache<String, String> cache = open("healthy");
    cache.put("a", "1");
    assertEquals(java.util.Optional.empty(), cache.metrics().store().orElseThrow().problem());
  }

  @Test
  void aMissingFolderIsAProblemUntilItIsBack() throws Exception {
    LarderCache<String, String> cache = open("moved");
    LarderCacheMetrics.StoreMetrics store = cache.metrics().store().orElseThrow();
    Path folder = Path.of(store.location()).getParent();
    Path aside = folder.resolveSibling(folder.getFileName() + "-aside");
    Files.move(folder, aside);
    try {
      String problem = store.problem().orElseThrow();
      assertTrue(problem.contains(folder.toString()) && problem.contains("no longer exists"), problem);
    } finally {
      Files.move(aside, folder);
    }
    assertEquals(java.util.Optional.empty(), store.problem());
  }

  @Test
  void aDeletedLockFileIsAProblem() throws Exception {
    LarderCache<String, String> cache = open("unlocked");
    StoreMetrics store = cache.metrics().store().orElseThrow();
    Path lock = Path.of(store.location() + ".lock");
    Files.delete(lock);
    String problem = store.problem().orElseThrow();
    assertTrue(problem.contains(lock.toString()) && problem.contains("another process"), problem);
  }

  @Test
  void aFailedCommitIsAProblemUntilACommitSucceeds() {
    LarderCache<String, String> cache = open("failing");
    cache.put("a", "1");
    StoreFile file = storeFileOf(cache);
    file.counters.failed(new javax.cache.CacheException("Store file x: write failed: disk I/O error"));
    assertTrue(cache.metrics().store().orElseThrow().problem().orElseThrow().contains("disk I/O error"));
    cache.put("b", "2");
    assertEquals(java.util.Optional.empty(), cache.metrics().store().orElseThrow().problem());
    assertEquals(1, cache.metrics().store().orElseThrow().commitFailures());
  }

  /** The store file behind a cache's metrics (the counters are package-private). */
  private static StoreFile storeFileOf(LarderCache<?, ?> cache) {
    try {
      java.lang.reflect.Field f = PersistentStoreMetrics.class.getDeclaredField("file");
      f.setAccessible(true);
      return (StoreFile) f.get(cache.metrics().store().orElseThrow());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
