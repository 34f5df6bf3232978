package dev.larder.integration;

import java.util.Map;
import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls a cache's {@link CacheLoader}, turning every failure into a {@link CacheLoaderException}
 * that names the cache.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Loading<K, V> {

  private final String cacheName;
  private final CacheLoader<K, V> loader;

  /**
   * Wraps a loader.
   *
   * @param cacheName the cache, for error messages
   * @param loader the configured loader
   */
  public Loading(String cacheName, CacheLoader<K, V> loader) {
    this.cacheName = cacheName;
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * Returns the wrapped loader.
   *
   * @return the loader
   */
  public CacheLoader<K, V> loader() {
    return loader;
  }

  /**
   * Loads one value.
   *
   * @param key the key
   * @return the loaded value, or {@code null} if the loader has none
   * @throws CacheLoaderException if the loader throws
   */
  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed for key " + key + ": " + e, e);
    }
  }

  /**
   * Loads several values.
   *
   * @param keys the keys
   * @return the loaded values; keys the loader has nothing for are absent or map to {@code null}
   * @throws CacheLoaderException if the loader throws
   */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed in loadAll: " + e, e);
    }
  }
}
