package dev.larder.spring.boot;

import dev.larder.LarderCache;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * Spring's {@link org.springframework.cache.Cache} over a Larder cache. {@code get(key, loader)}
 * (what {@code @Cacheable(sync = true)} calls) is Larder's single-flight {@code getOrCompute}: one
 * computation per key however many callers miss at once. {@code null} results are stored as
 * Spring's {@link NullValue} when null values are allowed; one decoded from a persistent store
 * (a new instance) is recognised as well.
 */
public final class LarderSpringCache extends AbstractValueAdaptingCache {

  private final LarderCache<Object, Object> cache;

  /**
   * Wraps a Larder cache.
   *
   * @param cache the cache
   * @param allowNullValues whether {@code null} values are cached (as {@link NullValue})
   */
  public LarderSpringCache(LarderCache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.cache = cache;
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  /**
   * Returns the Larder cache.
   *
   * @return the {@code LarderCache}
   */
  @Override
  public LarderCache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    return cache.get(key);
  }

  @Override
  protected Object fromStoreValue(Object storeValue) {
    return isAllowNullValues() && storeValue instanceof NullValue ? null : super.fromStoreValue(storeValue);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    return (T) fromStoreValue(cache.getOrCompute(key, k -> toStoreValue(call(key, valueLoader))));
  }

  private static <T> T call(Object key, Callable<T> valueLoader) {
    try {
      return valueLoader.call();
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
  }

  @Override
  public CompletableFuture<?> retrieve(Object key) {
    Object stored = lookup(key);
    if (stored == null) {
      return null;
    }
    return CompletableFuture.completedFuture(isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return cache.getOrComputeAsync(key, k -> valueLoader.get().thenApply(this::toStoreValue), null)
        .thenApply(stored -> (T) fromStoreValue(stored));
  }

  @Override
  public void put(Object key, Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    Object stored = toStoreValue(value);
    while (!cache.putIfAbsent(key, stored)) {
      Object existing = cache.get(key);
      if (existing != null) {
        return toValueWrapper(existing);
      }
      // removed between the two calls: try again
    }
    return null;
  }

  @Override
  public void evict(Object key) {
    cache.remove(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.remove(key);
  }

  /** Removes every entry, as {@code removeAll()} (listeners and writers see the removals). */
  @Override
  public void clear() {
    cache.removeAll();
  }

  @Override
  public boolean invalidate() {
    boolean had = cache.iterator().hasNext();
    cache.removeAll();
    return had;
  }
}
