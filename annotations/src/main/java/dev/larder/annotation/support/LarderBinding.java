package dev.larder.annotation.support;

import dev.larder.LarderCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The binding on a Larder cache: the provider's own single-flight get-or-compute, TTL per entry. */
final class LarderBinding implements Binding {

  private final LarderCache<Object, Object> cache;
  private final CachedMethod method;

  LarderBinding(LarderCache<Object, Object> cache, CachedMethod method) {
    this.cache = cache;
    this.method = method;
  }

  @Override
  public Object peek(Object key) {
    Object hit;
    try {
      hit = cache.getIfPresent(key);
    } catch (RuntimeException e) {
      return HitPath.MISS;
    }
    return hit == null ? HitPath.MISS : NullValue.unwrap(hit);
  }

  @Override
  public Object getOrCompute(Object key, Invocation invocation) throws Throwable {
    Object hit;
    try {
      hit = cache.getIfPresent(key);
    } catch (RuntimeException e) {
      hit = null;   // a cache failure is a miss; the slow path reports it
    }
    if (hit != null) {
      return NullValue.unwrap(hit);
    }
    return compute(key, invocation, "get-or-compute", false);
  }

  @Override
  public Object refresh(Object key, Invocation invocation) throws Throwable {
    return compute(key, invocation, "refresh", true);
  }

  /**
   * Runs the method through the cache's single flight ({@code getOrCompute}, or {@code refresh}
   * over a cached value): the method's own failure reaches the caller unchanged; a cache failure
   * is reported and the method's result (run now if it had not run) is returned uncached.
   */
  private Object compute(Object key, Invocation invocation, String what, boolean refresh) throws Throwable {
    Object[] computed = new Object[1];
    boolean[] ran = new boolean[1];
    java.util.function.Function<Object, Object> loader = k -> {
      ran[0] = true;
      Object value;
      try {
        value = invocation.proceed();
      } catch (Throwable t) {
        throw new Failures.Carrier(t);
      }
      computed[0] = value;
      return method.cacheNull() ? NullValue.wrap(value) : value;
    };
    try {
      Object stored = refresh ? cache.refresh(key, loader, method.ttl()) : cache.getOrCompute(key, loader, method.ttl());
      return NullValue.unwrap(stored);
    } catch (RuntimeException e) {
      Throwable own = Failures.methodFailure(e);
      if (own != null) {
        throw own;
      }
      Failures.cacheError(what, method, key, e);
      return ran[0] ? computed[0] : invocation.proceed();
    }
  }

  @Override
  public CompletableFuture<Object> getOrComputeAsync(Object key, Invocation invocation) throws Throwable {
    CompletableFuture<Object> shared;
    try {
      shared = cache.getOrComputeAsync(key, k -> start(invocation), method.ttl());
    } catch (RuntimeException e) {
      Throwable own = Failures.methodFailure(e);
      throw own != null ? own : e;
    }
    return shared.handle((stored, failure) -> {
      if (failure != null) {
        throw Failures.sneaky(Failures.unwrap(failure));
      }
      return NullValue.unwrap(stored);
    });
  }

  private CompletionStage<Object> start(Invocation invocation) {
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable t) {
      throw new Failures.Carrier(t);
    }
    CompletionStage<?> stage = Futures.stage(result, method);
    return method.cacheNull() ? stage.thenApply(NullValue::wrap) : stage.thenApply(v -> (Object) v);
  }

  @Override
  public void put(Object key, Object value) {
    Object stored = method.cacheNull() ? NullValue.wrap(value) : value;
    if (stored == null) {
      cache.remove(key);
    } else if (method.ttl() == null) {
      cache.put(key, stored);
    } else {
      cache.put(key, stored, method.ttl());
    }
  }

  @Override
  public void evict(Object key) {
    cache.remove(key);
  }
}
