package dev.larder.it.ctw;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** A service using the JSR-107 annotations, woven at build time. */
@CacheDefaults(cacheName = "ctw-posts")
public class Jsr107Blog {

  final Map<String, String> store = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();

  /** Cached read; the key is the title only. */
  @CacheResult
  public String read(@CacheKey String title, String ignoredLocale) {
    reads.incrementAndGet();
    return store.get(title);
  }

  /** Writes and caches the body after the method (afterInvocation default). */
  @CachePut
  public void write(String title, @CacheValue String body) {
    store.put(title, body);
  }

  /** Caches the body before the method runs, so even a failure leaves it cached. */
  @CachePut(afterInvocation = false)
  public void writeFirst(String title, @CacheValue String body) {
    throw new IllegalStateException("storage failed after the cache was updated");
  }

  /** Failing write: the put happens only for the listed exception. */
  @CachePut(cacheFor = UnsupportedOperationException.class)
  public void writeFailing(String title, @CacheValue String body, boolean cacheIt) {
    throw cacheIt ? new UnsupportedOperationException("cached anyway") : new IllegalStateException("not cached");
  }

  /** Removes one entry. */
  @CacheRemove
  public void delete(String title) {
    store.remove(title);
  }

  /** Removes every entry. */
  @CacheRemoveAll
  public void deleteAll() {
    store.clear();
  }

  /** Caches thrown IllegalArgumentExceptions in an exception cache. */
  @CacheResult(cacheName = "ctw-checked", exceptionCacheName = "ctw-checked-failures",
      cachedExceptions = IllegalArgumentException.class)
  public String check(String title) {
    reads.incrementAndGet();
    throw title.isEmpty() ? new IllegalArgumentException("empty title") : new IllegalStateException("other");
  }

  /** Always runs (skipGet) and refreshes the cache. */
  @CacheResult(cacheName = "ctw-posts", skipGet = true)
  public String reload(String title) {
    reads.incrementAndGet();
    return store.get(title);
  }
}
