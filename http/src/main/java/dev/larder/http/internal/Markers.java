package dev.larder.http.internal;

import dev.larder.http.CacheResult;
import dev.larder.http.Reason;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers that say how a response was served: {@code Cache-Status} (RFC 9211, cache name
 * {@code larder}) and {@code X-Cache}, each switchable, and {@code Age} on every stored response
 * served (RFC 9111 §4.2.3 requires it).
 *
 * <table>
 *   <caption>Values</caption>
 *   <tr><th>served</th><th>X-Cache</th><th>Cache-Status</th></tr>
 *   <tr><td>from the cache</td><td>HIT</td><td>{@code larder; hit; ttl=<seconds left>}</td></tr>
 *   <tr><td>another request's response</td><td>HIT</td><td>{@code larder; hit; detail=collapsed}</td></tr>
 *   <tr><td>endpoint ran, nothing stored</td><td>MISS</td><td>{@code larder; fwd=uri-miss}</td></tr>
 *   <tr><td>client asked for a fresh one</td><td>REFRESH</td><td>{@code larder; fwd=request}</td></tr>
 *   <tr><td>not cached</td><td>BYPASS</td><td>{@code larder; fwd=bypass; detail=<reason>}</td></tr>
 * </table>
 *
 * <p>Internal to {@code larder-http}.
 */
public final class Markers {

  private final boolean cacheStatus;
  private final boolean xCache;

  /**
   * Creates the markers.
   *
   * @param cacheStatus send {@code Cache-Status}
   * @param xCache send {@code X-Cache}
   */
  public Markers(boolean cacheStatus, boolean xCache) {
    this.cacheStatus = cacheStatus;
    this.xCache = xCache;
  }

  /**
   * Marks a response served from a stored entry.
   *
   * @param response the response
   * @param ageSeconds the entry's age
   * @param ttlSeconds its time left
   * @param collapsed {@code true} if the entry was computed by a request this one waited for
   */
  public void hit(HttpServletResponse response, long ageSeconds, long ttlSeconds, boolean collapsed) {
    response.setHeader("Age", Long.toString(ageSeconds));
    mark(response, CacheResult.HIT, collapsed ? "larder; hit; detail=collapsed" : "larder; hit; ttl=" + ttlSeconds);
  }

  /**
   * Marks a response the endpoint computes.
   *
   * @param response the response
   * @param result {@link CacheResult#MISS} or {@link CacheResult#REFRESH}
   * @param detail a detail for {@code Cache-Status}, or {@code null}
   */
  public void forwarded(HttpServletResponse response, CacheResult result, String detail) {
    String status = result == CacheResult.REFRESH ? "larder; fwd=request" : "larder; fwd=uri-miss";
    mark(response, result, detail == null ? status : status + "; detail=" + detail);
  }

  /**
   * Marks a request that bypasses the cache.
   *
   * @param response the response
   * @param reason why
   */
  public void bypass(HttpServletResponse response, Reason reason) {
    if (reason == Reason.ONLY_IF_CACHED) {
      mark(response, CacheResult.MISS, "larder; detail=only-if-cached");
    } else {
      mark(response, CacheResult.BYPASS, "larder; fwd=bypass; detail=" + reason.tag());
    }
  }

  private void mark(HttpServletResponse response, CacheResult result, String status) {
    if (xCache) {
      response.setHeader("X-Cache", result.name());
    }
    if (cacheStatus) {
      response.setHeader("Cache-Status", status);
    }
  }
}
