package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.testing.CacheTestBase;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 1: a computation in flight never overwrites a write, removal or eviction that
 * landed while it ran. Its result still reaches its callers; it is simply not stored.
 */
class ComputationRaceTest extends CacheTestBase {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private LarderCache<String, String> cache() {
    return LarderCache.of(stringCache());
  }

  /** Starts getOrCompute on another thread with a loader that waits for {@code release}. */
  private Future<String> computeBlocked(LarderCache<String, String> cache, CountDownLatch started,
      CountDownLatch release, String result) {
    return pool.submit(() -> cache.getOrCompute("k", k -> {
      started.countDown();
      await(release);
      return result;
    }));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "latch timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aPutDuringTheComputationWins() throws Exception {
    LarderCache<String, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> computing = computeBlocked(cache, started, release, "old");
    await(started);
    cache.put("k", "new");
    release.countDown();
    assertEquals("old", computing.get(10, TimeUnit.SECONDS), "the computing caller gets its own result");
    assertEquals("new", cache.get("k"), "the put that landed during the computation is kept");
  }

  @Test
  void aRemoveDuringTheComputationWins() throws Exception {
    LarderCache<String, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> computing = computeBlocked(cache, started, release, "old");
    await(started);
    assertFalse(cache.remove("k"), "nothing was stored yet");
    release.countDown();
    assertEquals("old", computing.get(10, TimeUnit.SECONDS));
    assertNull(cache.get("k"), "the removal that landed during the computation is kept");
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void aClearDuringTheComputationWins() throws Exception {
    LarderCache<String, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> computing = computeBlocked(cache, started, release, "old");
    await(started);
    cache.removeAll();
    release.countDown();
    assertEquals("old", computing.get(10, TimeUnit.SECONDS));
    assertNull(cache.get("k"));
  }

  @Test
  void lookupReportsAComputedValueThatWasNotStoredOverANewerWrite() throws Exception {
    LarderCache<String, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<LarderCache.Lookup<String>> computing = pool.submit(() -> cache.lookup("k", k -> {
      started.countDown();
      await(release);
      return "old";
    }, Duration.ofMinutes(1)));
    await(started);
    cache.put("k", "new", Duration.ofMinutes(5));
    release.countDown();
    LarderCache.Lookup<String> lookup = computing.get(10, TimeUnit.SECONDS);
    assertEquals("old", lookup.value());
    assertFalse(lookup.cached());
    assertEquals("new", cache.get("k"));
    assertTrue(cache.ttl("k").orElseThrow().compareTo(Duration.ofMinutes(4)) > 0, "the put's own ttl stays");
  }

  @Test
  void anAsyncComputationDoesNotOverwriteANewerWrite() throws Exception {
    LarderCache<String, String> cache = cache();
    CompletableFuture<String> loaderResult = new CompletableFuture<>();
    CompletableFuture<String> shared = cache.getOrComputeAsync("k", k -> loaderResult, null);
    cache.put("k", "new");
    loaderResult.complete("old");
    assertEquals("old", shared.get(10, TimeUnit.SECONDS));
    assertEquals("new", cache.get("k"));
  }

  @Test
  void anAsyncComputationDoesNotResurrectARemovedKey() throws Exception {
    LarderCache<String, String> cache = cache();
    CompletableFuture<String> loaderResult = new CompletableFuture<>();
    CompletableFuture<String> shared = cache.getOrComputeAsync("k", k -> loaderResult, null);
    cache.remove("k");
    loaderResult.complete("old");
    assertEquals("old", shared.get(10, TimeUnit.SECONDS));
    assertNull(cache.get("k"));
  }

  @Test
  void aComputationWithNothingRacingIsStoredAndSharedOnce() throws Exception {
    LarderCache<String, String> cache = cache();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      callers.add(pool.submit(() -> cache.getOrCompute("k", k -> {
        runs.incrementAndGet();
        await(release);
        return "v";
      })));
    }
    Thread.onSpinWait();
    release.countDown();
    for (Future<String> f : callers) {
      assertEquals("v", f.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, runs.get());
    assertEquals("v", cache.get("k"));
  }

  /** A mutable value, stored by value: the cache must keep its own copy. */
  static final class Box implements Serializable {
    private static final long serialVersionUID = 1L;
    String content;

    Box(String content) {
      this.content = content;
    }
  }

  @Test
  void aStoreByValueCacheKeepsItsOwnCopyOfTheComputedValue() {
    MutableConfiguration<String, Box> config = config(String.class, Box.class);
    config.setStoreByValue(true);
    LarderCache<String, Box> cache = LarderCache.of(create(config));
    Box computed = new Box("original");
    Box returned = cache.getOrCompute("k", k -> computed);
    returned.content = "changed by the caller";
    computed.content = "changed by the loader";
    Box again = cache.get("k");
    assertEquals("original", again.content);
    assertNotSame(computed, again);
  }
}
