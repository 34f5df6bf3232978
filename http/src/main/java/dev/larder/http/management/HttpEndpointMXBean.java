package dev.larder.http.management;

import java.util.Map;

/**
 * JMX view of one cached endpoint, registered as
 * {@code dev.larder.http:type=HttpEndpoint,cache=<cache name>,endpoint=<name>}. Counts are since
 * the cache started.
 */
public interface HttpEndpointMXBean {

  /** @return the path pattern */
  String getPath();

  /** @return the time to live in seconds */
  long getTtlSeconds();

  /** @return whether the endpoint is cached */
  boolean isEnabled();

  /** @return requests answered from a stored response */
  long getHits();

  /** @return requests served the response of a request they waited for */
  long getCollapsed();

  /** @return requests that ran the endpoint because nothing was stored */
  long getMisses();

  /** @return requests that ran the endpoint because the client asked for a fresh response */
  long getRefreshes();

  /** @return all bypasses */
  long getBypasses();

  /** @return bypasses by reason */
  Map<String, Long> getBypassesByReason();

  /** @return responses stored */
  long getStores();

  /** @return bytes of the responses stored, added up */
  long getStoredBytes();

  /** @return responses not stored, by reason */
  Map<String, Long> getNotStoredByReason();

  /** @return requests waiting right now for another request of the same key */
  int getWaiting();

  /** @return live entries of this endpoint (walks the cache's keys) */
  long getEntries();

  /** @return hits and collapsed requests over all lookups, 0 to 1 */
  double getHitRatio();

  /**
   * Removes this endpoint's stored responses.
   *
   * @return how many entries were removed
   */
  long clear();
}
