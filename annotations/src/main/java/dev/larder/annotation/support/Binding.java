package dev.larder.annotation.support;

import java.util.concurrent.CompletableFuture;

/** How one {@code @Cached} method reads and writes its cache: Larder's own way, or the fallback. */
interface Binding {

  /** Serves a synchronous call: cached value, or one computation per key. Returns the unwrapped result. */
  Object getOrCompute(Object key, Invocation invocation) throws Throwable;

  /** Serves a call returning a future: shares the in-flight future, caches the completed value. */
  CompletableFuture<Object> getOrComputeAsync(Object key, Invocation invocation) throws Throwable;

  /**
   * Reads a cached result without computing anything (the hit path of woven code): the unwrapped
   * result, or {@link HitPath#MISS} if there is none or the cache failed (the full path then
   * reports the failure).
   */
  Object peek(Object key);

  /**
   * Serves a synchronous call in refresh mode: runs the method and stores its result over the
   * cached one, unless the key was written or evicted while it ran (that change wins). Returns the
   * fresh, unwrapped result.
   */
  Object refresh(Object key, Invocation invocation) throws Throwable;

  /** Stores a freshly computed value (wrapped as needed), replacing what was cached. */
  void put(Object key, Object value);

  /** Removes the entry of a key. */
  void evict(Object key);
}
