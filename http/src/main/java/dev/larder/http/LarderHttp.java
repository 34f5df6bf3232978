package dev.larder.http;

import jakarta.servlet.ServletRequest;

/**
 * Names and helpers an application uses with the cache: the request attributes that tell how a
 * request was served (for access logs and tracing), and the escape hatch that keeps one request's
 * response out of the cache.
 *
 * <p>For example, a Tomcat access log pattern {@code %r %s %{larder.http.cache}r} prints {@code HIT},
 * {@code MISS}, {@code BYPASS} or {@code REFRESH} after each request.
 */
public final class LarderHttp {

  /** Request attribute: the {@link CacheResult} name ({@code HIT}, {@code MISS}, {@code BYPASS}, {@code REFRESH}) of a request to a cached endpoint. */
  public static final String RESULT_ATTRIBUTE = "larder.http.cache";
  /** Request attribute: more about the result: {@code stored}, {@code collapsed}, {@code not-modified}, or a {@link Reason#tag()}. */
  public static final String DETAIL_ATTRIBUTE = "larder.http.cache.detail";
  /** Request attribute: the name of the endpoint the request matched. */
  public static final String ENDPOINT_ATTRIBUTE = "larder.http.cache.endpoint";
  /** Request attribute set by {@link #disableCaching(ServletRequest)}. */
  public static final String DISABLE_ATTRIBUTE = "larder.http.cache.disable";

  private LarderHttp() {}

  /**
   * Keeps this request's response out of the cache. Called by a filter before the cache, the
   * request bypasses it (nothing is looked up); called by the endpoint while it runs, its response
   * is sent as usual and not stored. Use it for responses that only look cacheable, such as a
   * stream or a per-user page without credentials.
   *
   * @param request the current request
   */
  public static void disableCaching(ServletRequest request) {
    request.setAttribute(DISABLE_ATTRIBUTE, Boolean.TRUE);
  }

  /**
   * Tells whether {@link #disableCaching(ServletRequest)} was called for a request.
   *
   * @param request the request
   * @return {@code true} if caching is disabled for it
   */
  public static boolean isCachingDisabled(ServletRequest request) {
    return Boolean.TRUE.equals(request.getAttribute(DISABLE_ATTRIBUTE));
  }
}
