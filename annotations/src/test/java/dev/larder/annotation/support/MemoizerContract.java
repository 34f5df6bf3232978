package dev.larder.annotation.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.annotation.Cached;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The @Cached invoker core, without weaving (an aspect would make these calls), run twice: on
 * Larder's own get-or-compute and on the fallback for other JCache providers.
 */
abstract class MemoizerContract {

  /** Whether Larder's extensions are used (else the fallback path runs on the same provider). */
  abstract boolean larderExtensions();

  private static final AtomicInteger MANAGERS = new AtomicInteger();

  @SuppressWarnings("unused")
  static class Users {
    @Cached(cache = "users", key = "#tenant, #id") String find(String tenant, long id) { return null; }
    @Cached(cache = "ttl-users", ttl = "10m") String withTtl(long id) { return null; }
    @Cached(cache = "maybe") String maybe(long id) { return null; }
    @Cached(cache = "maybe-not", cacheNull = false) String maybeNot(long id) { return null; }
    @Cached(cache = "async") CompletableFuture<String> async(long id) { return null; }
    @Cached String derived(int a, int b) { return null; }
    @Cached(cache = "typed") String typed(long id) { return null; }
    @Cached(cache = "bad-ttl", ttl = "ten minutes") String badTtl(long id) { return null; }
  }

  private CacheManager manager;
  private CacheSource source;
  private Memoizer memoizer;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void setUp() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("memoizer-test-" + MANAGERS.incrementAndGet()), getClass().getClassLoader());
    source = new CacheSource(manager, larderExtensions());
    memoizer = new Memoizer(source);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Object call(String name, Invocation body, Object... args) throws Throwable {
    for (Method m : Users.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return memoizer.invoke(memoizer.describe(m, null), args, body);
      }
    }
    throw new AssertionError(name);
  }

  private Invocation counting(Object result) {
    return () -> {
      calls.incrementAndGet();
      return result;
    };
  }

  // ---------------------------------------------------------------- the hit path of woven code

  private Object describe(String name) {
    Object handle = new Object(); // stands for AspectJ's static join point
    for (Method m : Users.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        memoizer.describe(handle, m, null);
        return handle;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void theHitPathServesWhatTheFullPathCachedAndComputesNothing() throws Throwable {
    HitPath hits = new HitPath(memoizer);
    assertSame(HitPath.MISS, hits.hit(new Object(), "acme", 1L), "a method not described yet");
    Object find = describe("find");
    assertSame(HitPath.MISS, hits.hit(find, "acme", 1L), "nothing cached yet");
    assertEquals("ada", call("find", counting("ada"), "acme", 1L));
    assertEquals("ada", hits.hit(find, "acme", 1L));
    assertSame(HitPath.MISS, hits.hit(find, "acme", 2L));
    assertEquals(1, calls.get());

    Object withTtl = describe("withTtl");
    call("withTtl", counting("x"), 5L);
    assertEquals("x", hits.hit(withTtl, 5L));
  }

  @Test
  void theHitPathAnswersACachedNullAsNullAndAnUncachedOneAsAMiss() throws Throwable {
    HitPath hits = new HitPath(memoizer);
    Object maybe = describe("maybe");
    Object maybeNot = describe("maybeNot");
    assertSame(HitPath.MISS, hits.hit(maybe, 1L));
    assertNull(call("maybe", counting(null), 1L));
    assertNull(hits.hit(maybe, 1L));
    assertNull(call("maybeNot", counting(null), 1L));
    assertSame(HitPath.MISS, hits.hit(maybeNot, 1L));
  }

  @Test
  void theHitPathLeavesRevalidationAndFuturesToTheFullPath() throws Throwable {
    HitPath hits = new HitPath(memoizer);
    Object find = describe("find");
    call("find", counting("v1"), "acme", 1L);
    assertSame(HitPath.MISS, Revalidation.run(Revalidation.Mode.REFRESH, () -> hits.hit(find, "acme", 1L)));
    assertSame(HitPath.MISS, Revalidation.run(Revalidation.Mode.EVICT, () -> hits.hit(find, "acme", 1L)));
    assertEquals("v1", Revalidation.run(Revalidation.Mode.NORMAL, () -> hits.hit(find, "acme", 1L)));
    assertEquals("v1", hits.hit(find, "acme", 1L));

    Object async = describe("async");
    CompletableFuture<?> done = (CompletableFuture<?>) call("async",
        counting(CompletableFuture.completedFuture("a")), 3L);
    assertEquals("a", done.join());
    assertSame(HitPath.MISS, hits.hit(async, 3L), "a future-returning method must get a future");
  }

  @Test
  void afterAManagerSwitchTheHitPathReadsTheNewManagersCaches() throws Throwable {
    HitPath hits = new HitPath(memoizer);
    Object find = describe("find");
    call("find", counting("old"), "acme", 1L);
    assertEquals("old", hits.hit(find, "acme", 1L));
    CacheManager other = Caching.getCachingProvider().getCacheManager(
        URI.create("memoizer-test-" + MANAGERS.incrementAndGet()), getClass().getClassLoader());
    try {
      source.use(other);
      memoizer.unbindAll();
      assertSame(HitPath.MISS, hits.hit(find, "acme", 1L), "the old manager's entry must not be served");
      assertEquals("new", call("find", counting("new"), "acme", 1L));
      assertEquals("new", hits.hit(find, "acme", 1L));
      assertEquals("new", other.getCache("users").get(CompositeKey.of("acme", 1L)));
      assertEquals("old", manager.getCache("users").get(CompositeKey.of("acme", 1L)));
    } finally {
      other.close();
    }
  }

  @Test
  void aCacheFailureOnTheHitPathIsAMissForTheFullPathToReport() throws Throwable {
    HitPath hits = new HitPath(memoizer);
    Object find = describe("find");
    call("find", counting("ada"), "acme", 1L);
    assertEquals("ada", hits.hit(find, "acme", 1L));
    manager.getCache("users").close();
    assertSame(HitPath.MISS, hits.hit(find, "acme", 1L));
  }

  @Test
  void usesTheExpectedMechanism() throws Throwable {
    call("find", counting("ada"), "acme", 1L);
    Method find = Users.class.getDeclaredMethod("find", String.class, long.class);
    Binding binding = memoizer.describe(find, null).binding(null);
    assertEquals(larderExtensions() ? LarderBinding.class : FallbackBinding.class, binding.getClass());
  }

  /** Starts a computation of find("acme", 1) on another thread that waits for {@code release}, returning "stale". */
  private Future<Object> slowFind(ExecutorService pool, CountDownLatch started, CountDownLatch release) {
    return pool.submit(() -> {
      try {
        return call("find", () -> {
          started.countDown();
          assertTrue(release.await(10, TimeUnit.SECONDS));
          return "stale";
        }, "acme", 1L);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
  }

  /** Calls find("acme", 1) in a revalidation mode, as CacheControl.evict/refresh would. */
  private Object revalidate(Revalidation.Mode mode, Invocation body) {
    return Revalidation.run(mode, () -> {
      try {
        return call("find", body, "acme", 1L);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
  }

  @Test
  void anEvictionDuringAComputationIsNotUndoneByIt() throws Throwable {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Object> computing = slowFind(pool, started, release);
      assertTrue(started.await(10, TimeUnit.SECONDS));
      revalidate(Revalidation.Mode.EVICT, counting("unused"));
      release.countDown();
      assertEquals("stale", computing.get(10, TimeUnit.SECONDS), "its caller still gets what it computed");
      assertNull(manager.getCache("users").get(CompositeKey.of("acme", 1L)),
          "the value computed before the eviction must not come back");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefreshDuringAComputationWinsOverIt() throws Throwable {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Object> computing = slowFind(pool, started, release);
      assertTrue(started.await(10, TimeUnit.SECONDS));
      Object fresh = revalidate(Revalidation.Mode.REFRESH, counting("fresh"));
      assertEquals("fresh", fresh);
      release.countDown();
      assertEquals("stale", computing.get(10, TimeUnit.SECONDS));
      assertEquals("fresh", manager.getCache("users").get(CompositeKey.of("acme", 1L)),
          "the refreshed value stays; the older computation does not overwrite it");
      assertEquals("fresh", call("find", counting("never"), "acme", 1L));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefreshThatRacesAnEvictionLeavesNoStaleValue() throws Throwable {
    call("find", counting("cached"), "acme", 1L);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Object> refreshing = pool.submit(() -> revalidate(Revalidation.Mode.REFRESH, () -> {
        started.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        return "computed before the eviction";
      }));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      if (larderExtensions()) {
        assertEquals("cached", manager.getCache("users").get(CompositeKey.of("acme", 1L)),
            "readers keep the cached value while it is refreshed");
      }
      manager.getCache("users").remove(CompositeKey.of("acme", 1L));
      release.countDown();
      assertEquals("computed before the eviction", refreshing.get(10, TimeUnit.SECONDS));
      if (larderExtensions()) {
        assertNull(manager.getCache("users").get(CompositeKey.of("acme", 1L)),
            "a removal during the refresh wins (Larder's own caches see every removal)");
      } else {
        assertEquals("computed before the eviction", manager.getCache("users").get(CompositeKey.of("acme", 1L)),
            "documented limitation: through another provider's API the fallback cannot see a plain remove");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void memoizesByKey() throws Throwable {
    assertEquals("ada", call("find", counting("ada"), "acme", 1L));
    assertEquals("ada", call("find", counting("other"), "acme", 1L));
    assertEquals("bob", call("find", counting("bob"), "acme", 2L));
    assertEquals(2, calls.get());
    assertEquals("ada", manager.getCache("users").get(CompositeKey.of("acme", 1L)));
  }

  @Test
  void sixtyFourThreadsOnOneMissingKeyComputeOnce() throws Exception {
    int threads = 64;
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          started.countDown();
          try {
            return call("find", () -> {
              calls.incrementAndGet();
              assertTrue(release.await(30, TimeUnit.SECONDS));
              return "ada";
            }, "acme", 1L);
          } catch (Throwable t) {
            throw new AssertionError(t);
          }
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      release.countDown();
      for (Future<Object> result : results) {
        assertEquals("ada", result.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailureReachesEveryOneOfSixtyFourWaitersOnceAndIsNotCached() throws Exception {
    int threads = 64;
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> workers = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread worker = new Thread(task);
      workers.add(worker);
      return worker;
    });
    try {
      List<Future<Throwable>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          started.countDown();
          try {
            call("find", () -> {
              calls.incrementAndGet();
              assertTrue(release.await(30, TimeUnit.SECONDS));
              throw new IOException("backend down");
            }, "acme", 9L);
            return null;
          } catch (Throwable t) {
            return t;
          }
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      // the computation cannot end before release, so a parked caller is waiting for it
      awaitAllParked(workers, threads);
      release.countDown();
      for (Future<Throwable> result : results) {
        Throwable thrown = result.get(30, TimeUnit.SECONDS);
        assertTrue(thrown instanceof IOException, String.valueOf(thrown));
        assertEquals("backend down", thrown.getMessage());
      }
      assertEquals(1, calls.get(), "one computation, its exception shared by every waiter");
    } finally {
      pool.shutdownNow();
    }
    assertFalse(manager.getCache("users").containsKey(CompositeKey.of("acme", 9L)));
    Object fresh;
    try {
      fresh = call("find", counting("recovered"), "acme", 9L);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    assertEquals("recovered", fresh);
    assertEquals(2, calls.get(), "the exception was not cached");
  }

  /** Spins (no sleep) until every worker is parked: the computing one on its latch, the rest on its flight. */
  private static void awaitAllParked(List<Thread> workers, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      int parked = 0;
      for (Thread worker : workers) {
        Thread.State state = worker.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
          parked++;
        }
      }
      if (workers.size() == count && parked == count) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, parked + " of " + count + " callers parked");
      Thread.yield();
    }
  }

  @Test
  void nullResultsAreCachedAsAMarkerUnlessOptedOut() throws Throwable {
    assertNull(call("maybe", counting(null), 1L));
    assertNull(call("maybe", counting("late"), 1L));
    assertEquals(1, calls.get());
    assertSame(NullValue.INSTANCE, manager.getCache("maybe").get(1L));

    calls.set(0);
    assertNull(call("maybeNot", counting(null), 1L));
    assertEquals("now", call("maybeNot", counting("now"), 1L));
    assertEquals(2, calls.get());
  }

  @Test
  void futuresAreSharedInFlightAndTheirValueCached() throws Throwable {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<?> first = (CompletableFuture<?>) call("async", counting(pending), 1L);
    CompletableFuture<?> second = (CompletableFuture<?>) call("async", counting(new CompletableFuture<>()), 1L);
    assertFalse(first.isDone());
    assertFalse(second.isDone());
    pending.complete("ada");
    assertEquals("ada", first.join());
    assertEquals("ada", second.join());
    CompletableFuture<?> third = (CompletableFuture<?>) call("async", counting(CompletableFuture.completedFuture("x")), 1L);
    assertEquals("ada", third.join());
    assertEquals(1, calls.get());
  }

  @Test
  void sixtyFourConcurrentCallersShareOneInFlightFuture() throws Exception {
    int threads = 64;
    CompletableFuture<String> pending = new CompletableFuture<>();
    CountDownLatch ready = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<CompletableFuture<?>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          assertTrue(ready.await(30, TimeUnit.SECONDS));
          try {
            return (CompletableFuture<?>) call("async", counting(pending), 3L);
          } catch (Throwable t) {
            throw new AssertionError(t);
          }
        }));
      }
      ready.countDown();
      List<CompletableFuture<?>> futures = new ArrayList<>();
      for (Future<CompletableFuture<?>> result : results) {
        CompletableFuture<?> future = result.get(30, TimeUnit.SECONDS);
        assertFalse(future.isDone(), "nobody sees a value before the one computation completes");
        futures.add(future);
      }
      pending.complete("ada");
      for (CompletableFuture<?> future : futures) {
        assertEquals("ada", future.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedFutureIsNotCached() throws Throwable {
    CompletableFuture<?> failed = (CompletableFuture<?>) call("async",
        counting(CompletableFuture.failedFuture(new IOException("nope"))), 2L);
    CompletionException e = assertThrows(CompletionException.class, failed::join);
    assertTrue(e.getCause() instanceof IOException);
    CompletableFuture<?> next = (CompletableFuture<?>) call("async", counting(CompletableFuture.completedFuture("ok")), 2L);
    assertEquals("ok", next.join());
    assertEquals(2, calls.get());
  }

  @Test
  void refreshReplacesEvictRemovesClearEmpties() throws Throwable {
    assertEquals("v1", call("find", counting("v1"), "acme", 1L));
    Object fresh = Revalidation.run(Revalidation.Mode.REFRESH, () -> uncheck(() -> call("find", counting("v2"), "acme", 1L)));
    assertEquals("v2", fresh);
    assertEquals("v2", call("find", counting("v3"), "acme", 1L));

    Revalidation.run(Revalidation.Mode.EVICT, () -> uncheck(() -> call("find", counting("never"), "acme", 1L)));
    assertEquals(2, calls.get());
    assertEquals("v4", call("find", counting("v4"), "acme", 1L));

    call("find", counting("b"), "acme", 2L);
    new CacheSource(manager).clear("users");
    assertFalse(manager.getCache("users").iterator().hasNext());
    assertEquals(Revalidation.Mode.NORMAL, Revalidation.take());
  }

  @Test
  void theDefaultCacheNameIsTheSpecsMethodName() throws Throwable {
    call("derived", counting("x"), 1, 2);
    Cache<Object, Object> cache = manager.getCache(
        "dev.larder.annotation.support.MemoizerContract$Users.derived(int,int)");
    assertNotNull(cache);
    assertEquals("x", cache.get(CompositeKey.of(1, 2)));
  }

  @Test
  void onAnotherProviderTheTtlGetsItsOwnCache() throws Throwable {
    call("withTtl", counting("x"), 1L);
    Cache<Object, Object> perTtl = manager.getCache("ttl-users~PT10M");
    if (larderExtensions()) {
      dev.larder.LarderCache<Object, Object> larder = dev.larder.LarderCache.of(manager.getCache("ttl-users"));
      java.time.Duration left = larder.ttl(1L).orElseThrow();
      assertTrue(left.compareTo(java.time.Duration.ofMinutes(10)) <= 0
          && left.compareTo(java.time.Duration.ofMinutes(9)) > 0, left.toString());
      assertNull(perTtl);
    } else {
      assertNotNull(perTtl);
      @SuppressWarnings("unchecked")
      ExpiryPolicy policy = ((javax.cache.configuration.CompleteConfiguration<Object, Object>)
          perTtl.getConfiguration(javax.cache.configuration.CompleteConfiguration.class))
          .getExpiryPolicyFactory().create();
      assertEquals(new Duration(TimeUnit.MINUTES, 10), policy.getExpiryForCreation());
    }
  }

  @Test
  void contradictingCachesAreClearErrors() {
    manager.createCache("typed", new MutableConfiguration<Long, Integer>().setTypes(Long.class, Integer.class));
    IllegalStateException typed = assertThrows(IllegalStateException.class, () -> call("typed", counting("x"), 1L));
    assertTrue(typed.getMessage().contains("MemoizerContract$Users.typed(long)"), typed.getMessage());
    assertTrue(typed.getMessage().contains("java.lang.Integer"), typed.getMessage());

    IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class, () -> call("badTtl", counting("x"), 1L));
    assertTrue(ttl.getMessage().contains("ten minutes") && ttl.getMessage().contains("badTtl"), ttl.getMessage());
  }

  @Test
  void anExistingFixedTtlCacheThatDisagreesIsAnError() throws Throwable {
    manager.createCache("ttl-users", new MutableConfiguration<>());
    if (larderExtensions()) {
      assertEquals("x", call("withTtl", counting("x"), 1L), "per-entry ttl: any existing cache fits");
      return;
    }
    manager.createCache("ttl-users~PT10M", new MutableConfiguration<>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call("withTtl", counting("x"), 1L));
    assertTrue(e.getMessage().contains("PT10M") && e.getMessage().contains("withTtl"), e.getMessage());
  }

  private interface Call {
    Object run() throws Throwable;
  }

  private static Object uncheck(Call call) {
    try {
      return call.run();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
