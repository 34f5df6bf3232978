package dev.larder.http.internal;

import dev.larder.http.CachedResponse;
import dev.larder.http.EndpointConfig;
import dev.larder.http.LarderHttp;
import dev.larder.http.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a response the endpoint produced may be stored, and builds the entry. The rules
 * (RFC 9111 §3, plus what every shared cache does about cookies): a 2xx status other than 206; no
 * cookie; no {@code no-store}, {@code private} or {@code no-cache}; no {@code Vary: *} and no
 * {@code Vary} on a header the endpoint does not vary on; not an event stream; complete and within
 * the entry limit.
 *
 * <p>Internal to {@code larder-http}.
 */
public final class ResponseRules {

  /** Headers never stored: hop-by-hop ones, those the container or the cache writes itself, cookies. */
  private static final Set<String> NOT_STORED = Set.of("content-type", "content-length", "date", "age",
      "set-cookie", "set-cookie2", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
      "proxy-authenticate", "proxy-authorization", "proxy-connection", "server", "x-cache", "cache-status");

  private ResponseRules() {}

  /**
   * Checks a finished response.
   *
   * @param endpoint the endpoint's configuration
   * @param request the request
   * @param response the captured response
   * @return why it may not be stored, or {@code null} if it may
   */
  public static Reason check(EndpointConfig endpoint, HttpServletRequest request, CapturingResponse response) {
    int status = response.getStatus();
    if (status < 200 || status > 299 || status == 206) {
      return Reason.STATUS;
    }
    if (LarderHttp.isCachingDisabled(request)) {
      return Reason.DISABLED_BY_ENDPOINT;
    }
    if (response.cookieSet() || newSession(request)) {
      return Reason.SET_COOKIE;
    }
    HeaderLog headers = response.headers();
    Directives cc = Directives.of(headers.values("Cache-Control"));
    if (cc.noStore()) {
      return Reason.RESPONSE_NO_STORE;
    }
    if (cc.isPrivate()) {
      return Reason.PRIVATE;
    }
    if (cc.noCache()) {
      return Reason.RESPONSE_NO_CACHE;
    }
    for (String vary : headers.values("Vary")) {
      for (String name : vary.split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("*")) {
          return Reason.VARY_STAR;
        }
        if (!n.isEmpty() && !endpoint.varyHeaders().contains(n)) {
          return Reason.VARY_MISMATCH;
        }
      }
    }
    String type = response.getContentType();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      return Reason.EVENT_STREAM;
    }
    CappedBuffer body = response.body();
    if (body.broken()) {
      return Reason.INCOMPLETE;
    }
    if (body.overflowed()) {
      return Reason.TOO_LARGE;
    }
    long declared = response.declaredLength();
    if (declared != -1 && declared != body.size()) {
      return Reason.INCOMPLETE;
    }
    return null;
  }

  private static boolean newSession(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    try {
      return session != null && session.isNew();
    } catch (IllegalStateException invalidated) {
      return false;
    }
  }

  /**
   * Builds the entry of a response that passed {@link #check}.
   *
   * @param response the captured response
   * @param now the cache clock's time, milliseconds since the epoch
   * @param ttlMillis the endpoint's time to live
   * @return the entry
   */
  public static CachedResponse entry(CapturingResponse response, long now, long ttlMillis) {
    List<String> pairs = response.headers().pairs();
    List<String> stored = new ArrayList<>(pairs.size());
    Set<String> connectionListed = connectionListed(response.headers());
    for (int i = 0; i < pairs.size(); i += 2) {
      String lower = pairs.get(i).toLowerCase(Locale.ROOT);
      if (!NOT_STORED.contains(lower) && !connectionListed.contains(lower)) {
        stored.add(pairs.get(i));
        stored.add(pairs.get(i + 1));
      }
    }
    return new CachedResponse(response.getStatus(), response.getContentType(), stored,
        response.body().toByteArray(), now, now + ttlMillis);
  }

  private static Set<String> connectionListed(HeaderLog headers) {
    List<String> values = headers.values("Connection");
    if (values.isEmpty()) {
      return Set.of();
    }
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String v : values) {
      for (String n : v.split(",")) {
        names.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }
}
