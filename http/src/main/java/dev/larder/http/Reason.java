package dev.larder.http;

/**
 * Why a request bypassed the cache, or why a response was not stored. Counted per endpoint
 * ({@link EndpointStats}), shown in the {@code Cache-Status} header's {@code detail} parameter and
 * in the {@link LarderHttp#DETAIL_ATTRIBUTE} request attribute, by its {@link #tag()}.
 */
public enum Reason {
  // --- the request bypassed the cache: nothing looked up, nothing stored ---
  /** A method other than GET or HEAD. */
  METHOD("method", true),
  /** The endpoint is configured with {@code enabled=false}. */
  DISABLED("disabled", true),
  /** The request carries credentials (an {@code Authorization} header or a user principal) and the endpoint's {@code authorization} setting is {@code bypass}. */
  AUTHORIZATION("authorization", true),
  /** The request says {@code Cache-Control: no-store}. */
  REQUEST_NO_STORE("request-no-store", true),
  /** The request asks for a {@code Range}: the endpoint answers it. */
  RANGE("range", true),
  /** The cache key (path, selected query, vary values, principal) is larger than {@code max-key-bytes}. */
  KEY_TOO_LARGE("key-too-large", true),
  /** The query string cannot be decoded (a broken {@code %} escape): passed to the endpoint untouched. */
  MALFORMED_REQUEST("malformed-request", true),
  /** {@code Cache-Control: only-if-cached} and nothing was stored: answered 504 without running the endpoint. */
  ONLY_IF_CACHED("only-if-cached", true),
  /** An earlier filter called {@link LarderHttp#disableCaching}. */
  DISABLED_BY_APP("disabled-by-app", true),

  // --- the endpoint ran, but its response was not stored ---
  /** The status was not 2xx, or was 206. */
  STATUS("status", false),
  /** The response sets a cookie, or the request created a session. */
  SET_COOKIE("set-cookie", false),
  /** The response says {@code Cache-Control: no-store}. */
  RESPONSE_NO_STORE("response-no-store", false),
  /** The response says {@code Cache-Control: private}. */
  PRIVATE("private", false),
  /** The response says {@code Cache-Control: no-cache} (it may not be served without revalidation). */
  RESPONSE_NO_CACHE("response-no-cache", false),
  /** The response says {@code Vary: *}. */
  VARY_STAR("vary-star", false),
  /** The response varies on a request header that is not among the endpoint's {@code vary-headers}. */
  VARY_MISMATCH("vary-mismatch", false),
  /** The status, headers and body together are larger than {@code max-entry-bytes}; the client got the whole response. */
  TOO_LARGE("too-large", false),
  /** The body's length differs from the declared {@code Content-Length}, or writing to the client failed. */
  INCOMPLETE("incomplete", false),
  /** A {@code text/event-stream} response (a stream, not a document). */
  EVENT_STREAM("event-stream", false),
  /** The endpoint went asynchronous with {@code startAsync()} and the unwrapped response, so the cache cannot see what it writes. */
  ASYNC_UNWRAPPED("async-unwrapped", false),
  /** The endpoint threw, or its asynchronous processing failed or timed out. */
  FAILED("failed", false),
  /** A HEAD request that found nothing stored: its response has no body to store. */
  HEAD("head", false),
  /** The endpoint called {@link LarderHttp#disableCaching} while it ran. */
  DISABLED_BY_ENDPOINT("disabled-by-endpoint", false),
  /** The cache refused or failed the write (see the log). */
  STORE_FAILED("store-failed", false);

  private final String tag;
  private final boolean bypass;

  Reason(String tag, boolean bypass) {
    this.tag = tag;
    this.bypass = bypass;
  }

  /**
   * Returns the short name used in headers, attributes, JMX and meter tags.
   *
   * @return a lower-case, hyphenated name such as {@code "set-cookie"}
   */
  public String tag() {
    return tag;
  }

  /**
   * Tells whether this reason makes a request bypass the cache (rather than keeps a response from being stored).
   *
   * @return {@code true} for bypass reasons
   */
  public boolean isBypass() {
    return bypass;
  }
}
