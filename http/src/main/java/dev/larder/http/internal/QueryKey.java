package dev.larder.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The query part of a cache key: the selected parameters, decoded, sorted by name (the values of
 * one name keep their order, which can matter to the endpoint) and re-encoded canonically, so that
 * {@code ?a=1&b=2}, {@code ?b=2&a=1} and {@code ?a=%31&b=2} give the same key.
 *
 * <p>Internal to {@code larder-http}: not an API.
 */
public final class QueryKey {

  private QueryKey() {}

  /**
   * Builds the canonical query.
   *
   * @param rawQuery the raw query string (without {@code ?}), or {@code null}
   * @param selected the parameter names that form the key, sorted; {@code null} for all
   * @return the canonical form, e.g. {@code a=1&b=2}; empty if no parameter is selected
   * @throws IllegalArgumentException if a name or value has a broken {@code %} escape
   */
  public static String canonical(String rawQuery, List<String> selected) {
    if (rawQuery == null || rawQuery.isEmpty() || (selected != null && selected.isEmpty())) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>(4);
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > start) {
        int eq = rawQuery.indexOf('=', start);
        String name = Percent.decodeQuery(rawQuery.substring(start, eq < 0 || eq > end ? end : eq));
        if (selected == null || Collections.binarySearch(selected, name) >= 0) {
          String value = eq < 0 || eq > end ? "" : Percent.decodeQuery(rawQuery.substring(eq + 1, end));
          pairs.add(new String[] {name, value});
        }
      }
      start = end + 1;
    }
    if (pairs.size() > 1) {
      pairs.sort(Comparator.comparing(p -> p[0])); // stable: values of one name keep their order
    }
    StringBuilder sb = new StringBuilder(rawQuery.length() + 8);
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(Percent.component(p[0])).append('=').append(Percent.component(p[1]));
    }
    return sb.toString();
  }
}
