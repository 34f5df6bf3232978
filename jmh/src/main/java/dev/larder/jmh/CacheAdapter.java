package dev.larder.jmh;

/**
 * The one face every benchmarked cache shows: enough for get/put workloads.
 *
 * <p>Implementations come from {@link Impl}; each wraps one product, configured as the benchmark
 * asks (expiry, statistics, store-by-value).
 */
public interface CacheAdapter extends AutoCloseable {

  /**
   * Reads a key.
   *
   * @param key the key
   * @return the value, or {@code null} on a miss
   */
  Integer get(Integer key);

  /**
   * Writes a key.
   *
   * @param key the key
   * @param value the value
   */
  void put(Integer key, Integer value);

  /** Releases the cache (and its manager, for JCache providers). */
  @Override
  void close();
}
