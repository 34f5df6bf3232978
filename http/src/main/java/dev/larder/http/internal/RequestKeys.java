package dev.larder.http.internal;

import dev.larder.http.AuthorizedRequests;
import dev.larder.http.EndpointConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Enumeration;

/**
 * Cache keys: {@code lh1|<endpoint>|<path>?<query>|<vary values>|<principal>}, every part
 * percent-encoded so that {@code |} only separates. The path is the request's path inside the web
 * application as the container decoded and normalised it; the query holds the selected parameters,
 * sorted ({@link QueryKey}); the vary part holds the endpoint's vary headers, sorted, with the
 * request's values; the principal part is empty unless the endpoint keys per principal.
 *
 * <p>Internal to {@code larder-http}.
 */
public final class RequestKeys {

  private RequestKeys() {}

  /**
   * Returns the request's path inside the web application.
   *
   * @param request the request
   * @return servlet path plus path info, {@code /} if both are empty
   */
  public static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = pathInfo == null ? servletPath : servletPath + pathInfo;
    return path == null || path.isEmpty() ? "/" : path;
  }

  /**
   * Tells whether a request carries credentials.
   *
   * @param request the request
   * @return {@code true} with an {@code Authorization} header or a user principal
   */
  public static boolean hasCredentials(HttpServletRequest request) {
    return request.getHeader("Authorization") != null || request.getUserPrincipal() != null;
  }

  /**
   * Builds a request's key.
   *
   * @param endpoint the endpoint it matched
   * @param request the request
   * @param path its path ({@link #path})
   * @return the key
   * @throws IllegalArgumentException if the query string has a broken escape
   */
  public static String of(Endpoint endpoint, HttpServletRequest request, String path) {
    EndpointConfig config = endpoint.config();
    StringBuilder sb = new StringBuilder(96);
    entryPrefix(sb, endpoint, path, request.getQueryString());
    boolean first = true;
    for (String header : config.varyHeaders()) {
      if (!first) {
        sb.append(';');
      }
      first = false;
      sb.append(header).append('=');
      Enumeration<String> values = request.getHeaders(header);
      boolean firstValue = true;
      while (values != null && values.hasMoreElements()) {
        if (!firstValue) {
          sb.append("%2C");
        }
        firstValue = false;
        sb.append(Percent.component(values.nextElement().trim()));
      }
    }
    sb.append('|');
    if (config.authorization() == AuthorizedRequests.PER_PRINCIPAL && hasCredentials(request)) {
      Principal principal = request.getUserPrincipal();
      if (principal != null) {
        sb.append("p:").append(Percent.component(principal.getName()));
      } else {
        sb.append("a:").append(sha256(request.getHeader("Authorization")));
      }
    }
    return sb.toString();
  }

  /**
   * Returns the prefix shared by every variant (vary values, principals) of one path and query.
   *
   * @param endpoint the endpoint
   * @param path the decoded path
   * @param rawQuery the raw query, or {@code null}
   * @return the prefix, ending with {@code |}
   * @throws IllegalArgumentException if the query string has a broken escape
   */
  public static String entryPrefix(Endpoint endpoint, String path, String rawQuery) {
    StringBuilder sb = new StringBuilder(64);
    entryPrefix(sb, endpoint, path, rawQuery);
    return sb.toString();
  }

  private static void entryPrefix(StringBuilder sb, Endpoint endpoint, String path, String rawQuery) {
    sb.append(endpoint.keyPrefix()).append(Percent.path(path)).append('?')
        .append(QueryKey.canonical(rawQuery, endpoint.config().queryParams())).append('|');
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
