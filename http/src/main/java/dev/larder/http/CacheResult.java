package dev.larder.http;

/**
 * How the cache served one request: the value of the {@code X-Cache} header and of the
 * {@link LarderHttp#RESULT_ATTRIBUTE} request attribute.
 */
public enum CacheResult {
  /** Answered from a stored response (or the response another request was computing); the endpoint did not run. */
  HIT,
  /** Nothing usable was stored: the endpoint ran, and its response was stored if the rules allowed it. */
  MISS,
  /** The request or the endpoint is not cached (see the reason): the endpoint ran, nothing was looked up or stored. */
  BYPASS,
  /** The client asked for a fresh response ({@code Cache-Control: no-cache}, {@code max-age}, {@code Pragma}): the endpoint ran and replaced the entry. */
  REFRESH
}
