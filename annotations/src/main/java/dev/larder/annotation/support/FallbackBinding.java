package dev.larder.annotation.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;

/**
 * The binding on a non-Larder JCache cache: one cache per (name, ttl) whose expiry policy is the
 * ttl, and Larder's own single flight per key (a future per key being computed, shared by every
 * method using the same cache). Cache errors are treated as misses.
 *
 * <p>A computed value is stored with {@code putIfAbsent}, so a value written meanwhile is never
 * overwritten, and not at all if {@code CacheControl.evict} or {@code refresh} of that key ran
 * while it was computed. (A plain {@code Cache.remove} by other code during the computation cannot
 * be seen through another provider's API; on Larder's own caches the cache itself guarantees it.)
 */
final class FallbackBinding implements Binding {

  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, CompletableFuture<Object>> inFlight;
  private final CachedMethod method;
  /** Computations whose key was evicted or refreshed while they ran: their results are not stored. */
  private static final java.util.Set<CompletableFuture<Object>> SUPERSEDED =
      java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

  FallbackBinding(Cache<Object, Object> cache, ConcurrentMap<Object, CompletableFuture<Object>> inFlight,
      CachedMethod method) {
    this.cache = cache;
    this.inFlight = inFlight;
    this.method = method;
  }

  @Override
  public Object peek(Object key) {
    Object stored;
    try {
      stored = cache.get(key);
    } catch (RuntimeException e) {
      return HitPath.MISS; // the full path reads again and reports the failure, once
    }
    return stored == null ? HitPath.MISS : NullValue.unwrap(stored);
  }

  @Override
  public Object getOrCompute(Object key, Invocation invocation) throws Throwable {
    Object stored = read(key);
    if (stored != null) {
      return NullValue.unwrap(stored);
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return NullValue.unwrap(await(running));
    }
    try {
      stored = read(key);
      if (stored != null) {
        mine.complete(stored);
        return NullValue.unwrap(stored);
      }
      Object value = invocation.proceed();
      if ((value != null || method.cacheNull()) && !SUPERSEDED.remove(mine)) {
        writeIfAbsent(key, NullValue.wrap(value));
      }
      mine.complete(NullValue.wrap(value));
      return value;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      inFlight.remove(key, mine);
      SUPERSEDED.remove(mine);
    }
  }

  @Override
  public CompletableFuture<Object> getOrComputeAsync(Object key, Invocation invocation) throws Throwable {
    Object stored = read(key);
    if (stored != null) {
      return CompletableFuture.completedFuture(NullValue.unwrap(stored));
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.thenApply(NullValue::unwrap);
    }
    CompletionStage<?> stage;
    try {
      stage = Futures.stage(invocation.proceed(), method);
    } catch (Throwable t) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(t);
      throw t;
    }
    stage.whenComplete((value, failure) -> {
      if (failure == null && (value != null || method.cacheNull()) && !SUPERSEDED.remove(mine)) {
        writeIfAbsent(key, NullValue.wrap(value));
      }
      SUPERSEDED.remove(mine);
      inFlight.remove(key, mine);
      if (failure != null) {
        mine.completeExceptionally(Failures.unwrap(failure));
      } else {
        mine.complete(NullValue.wrap(value));
      }
    });
    return mine.thenApply(NullValue::unwrap);
  }

  @Override
  public Object refresh(Object key, Invocation invocation) throws Throwable {
    supersede(key);
    Object value = invocation.proceed();
    put(key, value);
    return value;
  }

  @Override
  public void put(Object key, Object value) {
    if (value == null && !method.cacheNull()) {
      evict(key);
    } else {
      write(key, NullValue.wrap(value));
    }
  }

  @Override
  public void evict(Object key) {
    supersede(key);
    cache.remove(key);
  }

  /** Marks the computation of a key in flight, if any, so that its result is not stored. */
  private void supersede(Object key) {
    CompletableFuture<Object> running = inFlight.get(key);
    if (running != null && !running.isDone()) {
      SUPERSEDED.add(running);
    }
  }

  private static Object await(CompletableFuture<Object> running) throws Throwable {
    try {
      return running.join();
    } catch (CompletionException e) {
      throw Failures.unwrap(e);
    }
  }

  private Object read(Object key) {
    try {
      return cache.get(key);
    } catch (RuntimeException e) {
      Failures.cacheError("get", method, key, e);
      return null;
    }
  }

  private void writeIfAbsent(Object key, Object value) {
    try {
      cache.putIfAbsent(key, value);
    } catch (RuntimeException e) {
      Failures.cacheError("put", method, key, e);
    }
  }

  private void write(Object key, Object value) {
    try {
      cache.put(key, value);
    } catch (RuntimeException e) {
      Failures.cacheError("put", method, key, e);
    }
  }
}
