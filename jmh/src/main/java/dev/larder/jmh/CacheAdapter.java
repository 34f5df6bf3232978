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

  /**
   * Adapts a plain map (the ConcurrentHashMap baseline, the LRU reference of the hit-ratio run).
   *
   * @param map the map
   * @return an adapter whose close clears the map
   */
  static CacheAdapter of(java.util.Map<Integer, Integer> map) {
    return new CacheAdapter() {
      @Override
      public Integer get(Integer key) {
        return map.get(key);
      }

      @Override
      public void put(Integer key, Integer value) {
        map.put(key, value);
      }

      @Override
      public void close() {
        map.clear();
      }
    };
  }
}
