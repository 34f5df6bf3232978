package dev.larder.http.internal;

import dev.larder.http.CachedResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a stored response: status, stored headers, content type and length, then the body (none
 * for HEAD). A request whose {@code If-None-Match} matches the stored {@code ETag} (weak
 * comparison, RFC 9110 §13.1.2) gets 304 with the headers RFC 9110 §15.4.5 lists and no body.
 *
 * <p>Internal to {@code larder-http}.
 */
public final class HitWriter {

  private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "etag",
      "expires", "vary");

  private HitWriter() {}

  /**
   * Writes the response.
   *
   * @param request the request (for HEAD)
   * @param response the response, not yet committed
   * @param entry the stored response
   * @param notModified {@code true} to answer 304 ({@link #notModified(HttpServletRequest, CachedResponse)})
   * @throws IOException if writing to the client fails
   */
  public static void write(HttpServletRequest request, HttpServletResponse response, CachedResponse entry,
      boolean notModified) throws IOException {
    List<String> headers = entry.headers();
    for (int i = 0; i < headers.size(); i += 2) {
      String name = headers.get(i);
      if (!notModified || NOT_MODIFIED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        response.addHeader(name, headers.get(i + 1));
      }
    }
    if (notModified) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setStatus(entry.status());
    if (entry.contentType() != null) {
      response.setContentType(entry.contentType());
    }
    byte[] body = entry.body();
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod()) && body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  /**
   * Tells whether the client's copy is current: its {@code If-None-Match} matches the stored {@code ETag}.
   *
   * @param request the request
   * @param entry the stored response
   * @return {@code true} to answer 304
   */
  public static boolean notModified(HttpServletRequest request, CachedResponse entry) {
    return notModified(request.getHeader("If-None-Match"), entry.header("ETag"));
  }

  /**
   * Compares {@code If-None-Match} with an entity tag, weakly.
   *
   * @param ifNoneMatch the request header, or {@code null}
   * @param etag the stored {@code ETag}, or {@code null}
   * @return {@code true} if the client's copy is current
   */
  static boolean notModified(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || etag == null) {
      return false;
    }
    String stored = opaque(etag.trim());
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    int i = 0;
    while (i < ifNoneMatch.length()) {
      int open = ifNoneMatch.indexOf('"', i);
      if (open < 0) {
        return false;
      }
      int close = ifNoneMatch.indexOf('"', open + 1);
      if (close < 0) {
        return false;
      }
      if (ifNoneMatch.substring(open, close + 1).equals(stored)) {
        return true;
      }
      i = close + 1;
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
