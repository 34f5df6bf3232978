package dev.larder.integration;

import dev.larder.management.ActivityCounters;
import java.util.Map;
import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls a cache's {@link CacheLoader}, turning every failure into a {@link CacheLoaderException}
 * that names the cache, and counts each call in its {@link #counters()} (success, failure, time).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Loading<K, V> {

  private final String cacheName;
  private final CacheLoader<K, V> loader;
  private final ActivityCounters counters = new ActivityCounters();

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
   * Returns the counters of this loader's calls (only the load counters move).
   *
   * @return the counters
   */
  public ActivityCounters counters() {
    return counters;
  }

  /**
   * Loads one value.
   *
   * @param key the key
   * @return the loaded value, or {@code null} if the loader has none
   * @throws CacheLoaderException if the loader throws
   */
  public V load(K key) {
    long start = System.nanoTime();
    boolean produced = false;
    try {
      V value = loader.load(key);
      produced = value != null;
      return value;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed for key " + key + ": " + e, e);
    } finally {
      counters.loaded(produced, System.nanoTime() - start); // metrics hook: load success/failure/time
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
    long start = System.nanoTime();
    boolean produced = false;
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      produced = loaded != null && !loaded.isEmpty();
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed in loadAll: " + e, e);
    } finally {
      counters.loaded(produced, System.nanoTime() - start); // metrics hook: one count per loadAll call
    }
  }
}
