package dev.larder.http.internal;

import dev.larder.http.HttpCacheConfigException;
import dev.larder.http.HttpCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code larder.http.*} settings from flat properties (a file named by the filter's
 * {@code config} init parameter, or the init parameters themselves) into {@link HttpCacheSettings},
 * and parses the sizes and counts every route uses. Unknown keys fail with the key, the source and
 * the list of known settings.
 *
 * <p>Internal to {@code larder-http}: not an API.
 */
public final class SettingsParser {

  private static final String PREFIX = "larder.http.";
  private static final List<String> GLOBAL = List.of("enabled", "cache-name", "cache-manager-uri", "mode",
      "directory", "max-entries", "max-key-bytes", "max-entry-bytes", "lock-timeout", "cache-status-header",
      "x-cache-header", "jmx");
  private static final List<String> PER_ENDPOINT = List.of("path", "enabled", "ttl", "query-params",
      "vary-headers", "authorization", "revalidation");
  private static final Pattern ENDPOINT_KEY = Pattern.compile("endpoints\\.([^.]+)\\.([a-z-]+)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb)?");

  private SettingsParser() {}

  /**
   * Parses flat properties.
   *
   * @param properties keys with or without the {@code larder.http.} prefix
   * @param source where they came from, for error messages
   * @return the settings
   * @throws HttpCacheConfigException for an unknown key or a malformed boolean
   */
  public static HttpCacheSettings parse(Map<String, String> properties, String source) {
    HttpCacheSettings s = new HttpCacheSettings();
    // sorted, so that errors come in a stable order; endpoint order follows the names
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      String key = e.getKey().startsWith(PREFIX) ? e.getKey().substring(PREFIX.length()) : e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      String where = PREFIX + key + " in " + source;
      Matcher m = ENDPOINT_KEY.matcher(key);
      if (m.matches()) {
        HttpCacheSettings.Endpoint ep = s.getEndpoints().computeIfAbsent(m.group(1), id -> new HttpCacheSettings.Endpoint());
        endpointSetting(ep, m.group(2), value, where);
      } else {
        globalSetting(s, key, value, where);
      }
    }
    return s;
  }

  private static void globalSetting(HttpCacheSettings s, String key, String value, String where) {
    switch (key) {
      case "enabled" -> s.setEnabled(bool(value, where));
      case "cache-name" -> s.setCacheName(value);
      case "cache-manager-uri" -> s.setCacheManagerUri(value);
      case "mode" -> s.setMode(value);
      case "directory" -> s.setDirectory(value);
      case "max-entries" -> s.setMaxEntries(value);
      case "max-key-bytes" -> s.setMaxKeyBytes(value);
      case "max-entry-bytes" -> s.setMaxEntryBytes(value);
      case "lock-timeout" -> s.setLockTimeout(value);
      case "cache-status-header" -> s.setCacheStatusHeader(bool(value, where));
      case "x-cache-header" -> s.setXCacheHeader(bool(value, where));
      case "jmx" -> s.setJmx(bool(value, where));
      case "filter-order" -> throw new HttpCacheConfigException(where + ": filter-order applies to Spring Boot only;"
          + " in a plain servlet container the order of the <filter-mapping> elements (or of addFilter calls) decides");
      default -> throw new HttpCacheConfigException(where + " is not a larder-http setting. Known: " + GLOBAL
          + ", and endpoints.<name>." + PER_ENDPOINT);
    }
  }

  private static void endpointSetting(HttpCacheSettings.Endpoint ep, String setting, String value, String where) {
    switch (setting) {
      case "path" -> ep.setPath(value);
      case "enabled" -> ep.setEnabled(bool(value, where));
      case "ttl" -> ep.setTtl(value);
      case "query-params" -> ep.setQueryParams(list(value));
      case "vary-headers" -> ep.setVaryHeaders(list(value));
      case "authorization" -> ep.setAuthorization(value);
      case "revalidation" -> ep.setRevalidation(bool(value, where));
      default -> throw new HttpCacheConfigException(where + ": '" + setting + "' is not an endpoint setting. Known: "
          + PER_ENDPOINT);
    }
  }

  private static List<String> list(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      out.add(part.trim());
    }
    return out;
  }

  private static boolean bool(String value, String where) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new HttpCacheConfigException(where + " = \"" + value + "\" is not true or false");
    };
  }

  /**
   * Parses a size: a bare number of bytes, or a number with {@code B}, {@code KB} or {@code MB}
   * (powers of 1024), case-insensitive.
   *
   * @param text the text, e.g. {@code 10KB}
   * @param property the property, for the error message
   * @return the size in bytes
   * @throws HttpCacheConfigException naming the property if malformed or beyond 2 GB
   */
  public static int bytes(String text, String property) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new HttpCacheConfigException(property + " = \"" + text + "\" is not a size: write 10KB, 1MB or a number of bytes");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new HttpCacheConfigException(property + " = \"" + text + "\" is too large", e);
    }
    long unit = m.group(2) == null || m.group(2).equals("b") ? 1 : m.group(2).equals("kb") ? 1024 : 1024 * 1024;
    if (n > Integer.MAX_VALUE / unit) {
      throw new HttpCacheConfigException(property + " = \"" + text + "\" is too large");
    }
    return (int) (n * unit);
  }

  /**
   * Parses a count: digits, optionally grouped with {@code _} ({@code 10_000}).
   *
   * @param text the text
   * @param property the property, for the error message
   * @return the count
   * @throws HttpCacheConfigException naming the property if malformed
   */
  public static long count(String text, String property) {
    String t = text.trim().replace("_", "");
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new HttpCacheConfigException(property + " = \"" + text + "\" is not a whole number", e);
    }
  }

  /**
   * Lists the settings this parser knows, for documentation tests.
   *
   * @return the global setting names, then the per-endpoint ones prefixed with {@code endpoints.<name>.}
   */
  public static List<String> knownSettings() {
    List<String> all = new ArrayList<>(GLOBAL);
    for (String s : PER_ENDPOINT) {
      all.add("endpoints.<name>." + s);
    }
    return List.copyOf(all);
  }
}
