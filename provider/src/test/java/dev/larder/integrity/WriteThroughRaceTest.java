package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 8: a batch write-through and a single write of the same key leave the writer's
 * store and the cache with the same value, whichever comes first.
 */
class WriteThroughRaceTest extends CacheTestBase {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** A writer whose writeAll pauses after writing, until released. */
  static final class PausingWriter implements CacheWriter<String, String> {
    final Map<String, String> store = new ConcurrentHashMap<>();
    final CountDownLatch inWriteAll = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      store.put(entry.getKey(), entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      for (Cache.Entry<? extends String, ? extends String> e : entries) {
        store.put(e.getKey(), e.getValue());
      }
      entries.clear();
      inWriteAll.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void delete(Object key) {
      store.remove(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.forEach(store::remove);
      keys.clear();
    }
  }

  @Test
  void aPutRacingAPutAllOfTheSameKeyLeavesWriterAndCacheAgreeing() throws Exception {
    PausingWriter writer = new PausingWriter();
    MutableConfiguration<String, String> config = config(String.class, String.class);
    javax.cache.configuration.Factory<CacheWriter<String, String>> factory = () -> writer;
    config.setWriteThrough(true).setCacheWriterFactory(factory);
    Cache<String, String> cache = create(config);
    Future<?> batch = pool.submit(() -> cache.putAll(Map.of("k", "batch", "other", "x")));
    assertTrue(writer.inWriteAll.await(10, TimeUnit.SECONDS));
    Future<?> single = pool.submit(() -> cache.put("k", "single"));
    try {
      single.get(300, TimeUnit.MILLISECONDS); // it may wait for the batch, or run first: both are fine
    } catch (TimeoutException expectedWhenItWaits) {
      // the single put waits for the batch's key
    }
    writer.release.countDown();
    batch.get(10, TimeUnit.SECONDS);
    single.get(10, TimeUnit.SECONDS);
    assertEquals(writer.store.get("k"), cache.get("k"), "the external store and the cache hold the same value");
  }
}
