package dev.larder.http.internal;

import dev.larder.http.HttpCacheConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An endpoint's path pattern, such as {@code /users/{id}}: segments separated by {@code /}, each a
 * literal, a variable {@code {name}} (exactly one non-empty segment), {@code *} (the same, unnamed)
 * or, as the last segment only, {@code **} (any number of segments, including none). Matching is
 * against the request's path inside the web application (servlet path plus path info, decoded and
 * normalised by the container), case-sensitively.
 *
 * <p>Internal to {@code larder-http}: not an API.
 */
public final class PathPattern {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String ANY = "\u0000any";
  private static final String REST = "\u0000rest";

  private final String text;
  /** Literal segment text, or {@link #ANY} for a variable or {@code *}, or {@link #REST} for a trailing {@code **}. */
  private final String[] segments;
  private final int literals;

  private PathPattern(String text, String[] segments, int literals) {
    this.text = text;
    this.segments = segments;
    this.literals = literals;
  }

  /**
   * Parses a pattern.
   *
   * @param text the pattern
   * @param property the property it came from, for error messages
   * @return the pattern
   * @throws HttpCacheConfigException naming the property and the position of the first error
   */
  public static PathPattern parse(String text, String property) {
    if (text == null || text.isBlank()) {
      throw new HttpCacheConfigException(property + " is missing: give the endpoint a path pattern such as /users/{id}");
    }
    if (!text.startsWith("/")) {
      throw error(text, property, 0, "a path pattern starts with '/'");
    }
    List<String> parts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int literals = 0;
    int start = 1;
    while (start <= text.length()) {
      int end = text.indexOf('/', start);
      if (end < 0) {
        end = text.length();
      }
      String segment = text.substring(start, end);
      boolean last = end == text.length();
      if (segment.isEmpty() && !last) {
        throw error(text, property, start, "empty segment ('//')");
      }
      if (segment.equals("**")) {
        if (!last) {
          throw error(text, property, start, "'**' may only be the last segment");
        }
        parts.add(REST);
      } else if (segment.equals("*")) {
        parts.add(ANY);
      } else if (segment.startsWith("{")) {
        if (!segment.endsWith("}")) {
          throw error(text, property, start, "a variable is a whole segment: {name}");
        }
        String name = segment.substring(1, segment.length() - 1);
        if (!NAME.matcher(name).matches()) {
          throw error(text, property, start, "variable name '" + name + "' is not a name (letters, digits, _)");
        }
        if (names.contains(name)) {
          throw error(text, property, start, "variable {" + name + "} appears twice");
        }
        names.add(name);
        parts.add(ANY);
      } else {
        for (int i = 0; i < segment.length(); i++) {
          char c = segment.charAt(i);
          if (c == '{' || c == '}' || c == '*' || c == '?' || c == '#' || c < 0x20) {
            throw error(text, property, start + i, "'" + c + "' is not allowed in a literal segment"
                + " (variables are whole segments: {name}; wildcards are whole segments: * or **)");
          }
        }
        if (!segment.isEmpty()) {
          literals++;
        }
        parts.add(segment);
      }
      start = end + 1;
    }
    return new PathPattern(text, parts.toArray(new String[0]), literals);
  }

  private static HttpCacheConfigException error(String text, String property, int index, String problem) {
    return new HttpCacheConfigException(property + ": path pattern \"" + text + "\" is malformed at position "
        + index + ": " + problem + ". Examples: /users/{id}, /reports/*/summary, /static/**");
  }

  /**
   * Tells whether a request path matches.
   *
   * @param path the path inside the web application, starting with {@code /}
   * @return {@code true} if it matches
   */
  public boolean matches(String path) {
    int pos = 1;
    for (int s = 0; s < segments.length; s++) {
      String segment = segments[s];
      if (segment == REST) {
        return true;
      }
      if (pos > path.length()) {
        return false;
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = path.length();
      }
      boolean lastPattern = s == segments.length - 1;
      if (segment == ANY) {
        if (end == pos) {
          return false;
        }
      } else if (end - pos != segment.length() || !path.startsWith(segment, pos)) {
        return false;
      }
      boolean lastPath = end == path.length();
      if (lastPattern) {
        return lastPath;
      }
      if (lastPath && !(s == segments.length - 2 && segments[s + 1] == REST)) {
        return false;
      }
      pos = end + 1;
    }
    return false;
  }

  /**
   * Returns how specific the pattern is: among endpoints whose patterns match a path, the most
   * specific wins (more literal segments, then more segments, then no {@code **}).
   *
   * @return a larger number for a more specific pattern
   */
  public int specificity() {
    boolean rest = segments.length > 0 && segments[segments.length - 1] == REST;
    return literals * 10_000 + segments.length * 10 + (rest ? 0 : 1);
  }

  /**
   * Returns the pattern's shape: the text with every variable and {@code *} written as {@code *},
   * so that two patterns that match the same paths have the same shape.
   *
   * @return the shape, e.g. {@code /users/*} for {@code /users/{id}}
   */
  public String shape() {
    StringBuilder sb = new StringBuilder();
    for (String s : segments) {
      sb.append('/').append(s == ANY ? "*" : s == REST ? "**" : s);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
