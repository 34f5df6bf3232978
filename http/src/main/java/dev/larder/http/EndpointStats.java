package dev.larder.http;

import java.util.Map;

/**
 * The counts of one endpoint since the cache started (a snapshot; counts are never reset, clearing
 * the cache does not reset them).
 *
 * @param endpoint the endpoint's name
 * @param hits requests answered from a stored response
 * @param collapsed requests that waited for another request of the same key and got its response
 * @param misses requests that ran the endpoint because nothing usable was stored
 * @param refreshes requests that ran the endpoint because the client asked for a fresh response
 * @param bypasses requests that bypassed the cache, by {@link Reason#tag()}
 * @param stores responses stored
 * @param storedBytes the sizes of the responses stored, added up (see {@link CachedResponse#size()})
 * @param notStored responses not stored, by {@link Reason#tag()}
 * @param waiting requests waiting right now for another request of the same key
 */
public record EndpointStats(String endpoint, long hits, long collapsed, long misses, long refreshes,
    Map<String, Long> bypasses, long stores, long storedBytes, Map<String, Long> notStored, int waiting) {

  /** Freezes the maps. */
  public EndpointStats {
    bypasses = Map.copyOf(bypasses);
    notStored = Map.copyOf(notStored);
  }

  /**
   * Returns all bypasses.
   *
   * @return the sum of {@link #bypasses()}
   */
  public long bypassTotal() {
    return bypasses.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the number of requests of one reason.
   *
   * @param reason a bypass or not-stored reason
   * @return its count, 0 if none
   */
  public long count(Reason reason) {
    return (reason.isBypass() ? bypasses : notStored).getOrDefault(reason.tag(), 0L);
  }

  /**
   * Returns the share of requests (hits and collapsed ones among all lookups) that did not run the endpoint.
   *
   * @return a ratio between 0 and 1, or 0 when nothing was looked up
   */
  public double hitRatio() {
    long served = hits + collapsed;
    long total = served + misses + refreshes;
    return total == 0 ? 0 : (double) served / total;
  }
}
