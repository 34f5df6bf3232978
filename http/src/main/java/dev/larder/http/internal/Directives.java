package dev.larder.http.internal;

import java.util.Enumeration;
import java.util.Locale;

/**
 * The {@code Cache-Control} directives this cache acts on, parsed from one or more header values
 * (quoted arguments may contain commas). Unknown directives are ignored.
 *
 * <p>Internal to {@code larder-http}: not an API.
 */
public final class Directives {

  /** No directive at all. */
  public static final Directives NONE = new Directives();

  private boolean noCache;
  private boolean noStore;
  private boolean isPrivate;
  private boolean onlyIfCached;
  private long maxAge = -1;

  private Directives() {}

  /**
   * Parses request headers: {@code Cache-Control} and, for {@code no-cache}, {@code Pragma}.
   *
   * @param cacheControl the values of {@code Cache-Control}, or {@code null}
   * @param pragma the values of {@code Pragma}, or {@code null}
   * @return the directives ({@link #NONE} when there are none)
   */
  public static Directives ofRequest(Enumeration<String> cacheControl, Enumeration<String> pragma) {
    Directives d = null;
    while (cacheControl != null && cacheControl.hasMoreElements()) {
      d = parse(cacheControl.nextElement(), d);
    }
    while (pragma != null && pragma.hasMoreElements()) {
      String p = pragma.nextElement();
      if (p != null && p.toLowerCase(Locale.ROOT).contains("no-cache")) {
        d = d == null ? new Directives() : d;
        d.noCache = true;
      }
    }
    return d == null ? NONE : d;
  }

  /**
   * Parses response {@code Cache-Control} values.
   *
   * @param values the values
   * @return the directives
   */
  public static Directives of(Iterable<String> values) {
    Directives d = null;
    for (String v : values) {
      d = parse(v, d);
    }
    return d == null ? NONE : d;
  }

  private static Directives parse(String value, Directives into) {
    if (value == null || value.isBlank()) {
      return into;
    }
    Directives d = into == null ? new Directives() : into;
    int i = 0;
    int n = value.length();
    while (i < n) {
      int start = i;
      boolean quoted = false;
      while (i < n && (quoted || value.charAt(i) != ',')) {
        if (value.charAt(i) == '"') {
          quoted = !quoted;
        }
        i++;
      }
      d.apply(value.substring(start, i).trim());
      i++;
    }
    return d;
  }

  private void apply(String directive) {
    int eq = directive.indexOf('=');
    String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case "no-cache" -> noCache = true;
      case "no-store" -> noStore = true;
      case "private" -> isPrivate = true;
      case "only-if-cached" -> onlyIfCached = true;
      case "max-age" -> {
        if (eq > 0) {
          String arg = directive.substring(eq + 1).trim().replace("\"", "");
          try {
            long seconds = Long.parseLong(arg);
            maxAge = maxAge < 0 ? seconds : Math.min(maxAge, seconds);
          } catch (NumberFormatException ignored) {
            // a malformed max-age is ignored, as RFC 9111 allows
          }
        }
      }
      default -> { }
    }
  }

  /** @return {@code no-cache} (or {@code Pragma: no-cache}) was present */
  public boolean noCache() {
    return noCache;
  }

  /** @return {@code no-store} was present */
  public boolean noStore() {
    return noStore;
  }

  /** @return {@code private} was present */
  public boolean isPrivate() {
    return isPrivate;
  }

  /** @return {@code only-if-cached} was present */
  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  /** @return the {@code max-age} in seconds, or -1 if absent */
  public long maxAge() {
    return maxAge;
  }
}
