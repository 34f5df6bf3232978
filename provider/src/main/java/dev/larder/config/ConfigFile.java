package dev.larder.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.cache.CacheException;

/**
 * A Larder configuration file: cache settings in {@code key = value} lines.
 *
 * <pre>
 * # every cache of the manager
 * default.ttl = 1h
 * # caches whose names match a glob (the first matching template applies)
 * template.session-*.ttl = 30m
 * # one cache; caches named here are created when the cache manager starts
 * cache.users.ttl = 10m
 * cache.users.max-value-bytes = 10KB
 * </pre>
 *
 * <p>A cache's settings are its own over the first matching template's over the defaults. Blank
 * lines and lines starting with {@code #} or {@code !} are ignored; {@code =} separates key and
 * value (so names may contain {@code :}); there are no escapes or continuation lines. The setting is the part after
 * the last dot (or {@code redis.<name>} for the shared mode's settings), so cache names may contain dots. Any unknown key or bad value fails the whole file
 * with a {@link CacheException} naming the file, the line and the key.
 */
public final class ConfigFile {

  /** The file used when none is named: the classpath resource {@value}. */
  public static final String DEFAULT_RESOURCE = "larder.properties";

  /** The system property naming a file ({@code /path}, {@code file:} or {@code classpath:}) for all managers. */
  public static final String SYSTEM_PROPERTY = "larder.config";

  private static final ConfigFile EMPTY = new ConfigFile("(none)", new CacheSettings(), Map.of(), Map.of());

  private final String source;
  private final CacheSettings defaults;
  private final Map<String, CacheSettings> templates;
  private final Map<String, CacheSettings> caches;
  private final List<Map.Entry<java.util.function.Predicate<String>, CacheSettings>> templateMatchers;

  private ConfigFile(String source, CacheSettings defaults, Map<String, CacheSettings> templates,
      Map<String, CacheSettings> caches) {
    this.source = source;
    this.defaults = defaults;
    this.templates = templates;
    this.caches = caches;
    this.templateMatchers = new ArrayList<>();
    templates.forEach((glob, settings) -> templateMatchers.add(Map.entry(globMatcher(glob), settings)));
  }

  /**
   * Returns the file that has no settings.
   *
   * @return the empty configuration
   */
  public static ConfigFile empty() {
    return EMPTY;
  }

  /**
   * Finds the configuration of a cache manager: the file its URI names, else the file named by the
   * {@value #SYSTEM_PROPERTY} system property, else the classpath resource {@value #DEFAULT_RESOURCE}
   * if there is one, else none. A URI names a file when it is a {@code classpath:} URI or one whose
   * URL this JVM can open ({@code file:}, {@code jar:}, Spring Boot's {@code nested:}, ...); any
   * other URI ({@code urn:...}, {@code larder:app}) is only the manager's name.
   *
   * @param managerUri the cache manager's URI
   * @param classLoader the manager's class loader, for classpath resources
   * @return the parsed file, or {@link #empty()}
   * @throws CacheException if a named file is missing, unreadable or invalid
   */
  public static ConfigFile locate(URI managerUri, ClassLoader classLoader) {
    if (namesAFile(managerUri)) {
      return load(managerUri.toString(), classLoader, true);
    }
    String property = System.getProperty(SYSTEM_PROPERTY);
    if (property != null && !property.isBlank()) {
      return load(property.trim(), classLoader, true);
    }
    return load("classpath:" + DEFAULT_RESOURCE, classLoader, false);
  }

  /**
   * Tells whether a cache manager's URI names a configuration file rather than only naming the
   * manager: a {@code classpath:} URI, or an absolute URI whose URL this JVM has a handler for.
   *
   * @param uri a cache manager's URI
   * @return {@code true} if Larder reads its configuration from it
   */
  public static boolean namesAFile(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    if (scheme.equals("classpath") || scheme.equals("file")) {
      return true;
    }
    try {
      uri.toURL();
      return true;
    } catch (java.net.MalformedURLException | IllegalArgumentException noHandler) {
      return false;
    }
  }

  private static ConfigFile load(String location, ClassLoader classLoader, boolean required) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        URL url = classLoader.getResource(resource);
        if (url == null) {
          if (required) {
            throw new CacheException("Larder configuration " + location + " was not found on the classpath;"
                + " check the resource name, or use a file: URI");
          }
          return EMPTY;
        }
        try (InputStream in = url.openStream()) {
          return parse(new InputStreamReader(in, StandardCharsets.UTF_8), location);
        }
      }
      if (location.startsWith("file:") || !location.contains(":") || location.matches("[A-Za-z]:[\\\\/].*")) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        if (!Files.isReadable(path)) {
          throw new CacheException("Larder configuration file " + path.toAbsolutePath()
              + " does not exist or is not readable; check the path and its permissions");
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
          return parse(reader, path.toString());
        }
      }
      URL url = URI.create(location).toURL();
      try (InputStream in = url.openStream()) {
        return parse(new InputStreamReader(in, StandardCharsets.UTF_8), location);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CacheException("Larder configuration " + location + " could not be read (" + e + "); check that"
          + " the file exists at that location, or name the manager with a URI that is not a file location"
          + " (such as urn:larder:app)", e);
    }
  }

  /**
   * Parses configuration text.
   *
   * @param text the file's content
   * @param source the file's name, for error messages
   * @return the configuration
   * @throws CacheException naming the file, line and key of the first error
   */
  public static ConfigFile parse(String text, String source) {
    try {
      return parse(new StringReader(text), source);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Builds a configuration from settings given one by one rather than read from a file, for
   * example a framework's own properties (Larder's Spring Boot module maps {@code larder.caches.*}
   * here). Keys and values mean exactly what they mean in a file, with the same validation.
   *
   * @param source where the settings came from, for {@link #source()}
   * @param settings file-form keys ({@code default.ttl}, {@code template.<glob>.<setting>},
   *     {@code cache.<name>.<setting>}) and their values, in order (a later key wins)
   * @param where for each key, the words that name it in an error message, e.g. {@code Spring
   *     property 'larder.caches.users.ttl'}
   * @return the configuration
   * @throws CacheException whose message starts with {@code where} of the first bad key or value
   */
  public static ConfigFile of(String source, Map<String, String> settings,
      java.util.function.Function<String, String> where) {
    CacheSettings defaults = new CacheSettings();
    Map<String, CacheSettings> templates = new LinkedHashMap<>();
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      try {
        apply(setting.getKey(), setting.getValue(), where.apply(setting.getKey()), defaults, templates, caches);
      } catch (IllegalArgumentException e) {
        throw new CacheException(e.getMessage(), e);
      }
    }
    return new ConfigFile(source, defaults, Collections.unmodifiableMap(templates), Collections.unmodifiableMap(caches));
  }

  private static ConfigFile parse(Reader reader, String source) throws IOException {
    CacheSettings defaults = new CacheSettings();
    Map<String, CacheSettings> templates = new LinkedHashMap<>();
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
        continue;
      }
      int separator = separatorIndex(trimmed);
      String where = source + " line " + number;
      if (separator < 0) {
        throw new CacheException(where + ": \"" + trimmed + "\" is not a setting; write key = value");
      }
      String key = trimmed.substring(0, separator).strip();
      String value = trimmed.substring(separator + 1).strip();
      where = where + ", key \"" + key + "\"";
      try {
        apply(key, value, where, defaults, templates, caches);
      } catch (IllegalArgumentException e) {
        throw new CacheException(e.getMessage(), e);
      }
    }
    return new ConfigFile(source, defaults, Collections.unmodifiableMap(templates), Collections.unmodifiableMap(caches));
  }

  /** Only '=' separates key and value, so cache names and globs may contain ':'. */
  private static int separatorIndex(String line) {
    return line.indexOf('=');
  }

  private static void apply(String key, String value, String where, CacheSettings defaults,
      Map<String, CacheSettings> templates, Map<String, CacheSettings> caches) {
    int lastDot = settingStart(key) - 1;
    if (key.startsWith("default.") && lastDot == "default.".length() - 1) {
      defaults.set(key.substring("default.".length()), value, where);
    } else if (key.startsWith("template.") && lastDot > "template.".length()) {
      templates.computeIfAbsent(key.substring("template.".length(), lastDot), k -> new CacheSettings())
          .set(key.substring(lastDot + 1), value, where);
    } else if (key.startsWith("cache.") && lastDot > "cache.".length()) {
      caches.computeIfAbsent(key.substring("cache.".length(), lastDot), k -> new CacheSettings())
          .set(key.substring(lastDot + 1), value, where);
    } else {
      throw new IllegalArgumentException(where + ": keys are default.<setting>, template.<name-glob>.<setting>"
          + " or cache.<name>.<setting>; settings: " + String.join(", ", CacheSettings.NAMES));
    }
  }

  /**
   * Where the setting starts in a key: after the last dot, or, for the shared mode's settings
   * ({@code redis.uri}, ...), after the dot before {@code redis.}.
   */
  private static int settingStart(String key) {
    int lastDot = key.lastIndexOf('.');
    int redis = lastDot - "redis".length();
    if (redis > 0 && key.startsWith(".redis.", redis - 1)
        && CacheSettings.NAMES.contains(key.substring(redis))) {
      return redis;
    }
    return lastDot + 1;
  }

  /**
   * Returns the settings for a cache: its own over the first matching template's over the defaults.
   *
   * @param cacheName the cache's name
   * @return the combined settings (possibly with nothing set)
   */
  public CacheSettings settingsFor(String cacheName) {
    CacheSettings combined = defaults;
    for (Map.Entry<java.util.function.Predicate<String>, CacheSettings> template : templateMatchers) {
      if (template.getKey().test(cacheName)) {
        combined = template.getValue().over(combined);
        break;
      }
    }
    CacheSettings own = caches.get(cacheName);
    return own == null ? combined : own.over(combined);
  }

  /**
   * Returns the names of the caches the file configures one by one ({@code cache.<name>.*}).
   *
   * @return the names, in file order
   */
  public List<String> cacheNames() {
    return List.copyOf(caches.keySet());
  }

  /**
   * Returns where this configuration was read from.
   *
   * @return a file name or {@code classpath:} location
   */
  public String source() {
    return source;
  }

  /** Matches cache names against a template's glob: {@code *} any run, {@code ?} one character. */
  private static java.util.function.Predicate<String> globMatcher(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    Pattern p = Pattern.compile(regex.toString());
    return name -> p.matcher(name).matches();
  }

  @Override
  public String toString() {
    return "ConfigFile[" + source + ", " + templates.size() + " templates, " + caches.size() + " caches]";
  }
}
