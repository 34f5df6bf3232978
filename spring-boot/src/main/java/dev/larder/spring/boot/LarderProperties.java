package dev.larder.spring.boot;

import dev.larder.config.CacheSettings;
import dev.larder.config.ConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.cache.CacheException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads Larder's settings from the Spring {@code Environment} ({@code application.properties},
 * YAML, command-line arguments, {@code SPRING_APPLICATION_JSON}, environment variables) and turns
 * them into the provider's {@link ConfigFile}, so they mean exactly what the configuration file's
 * settings mean and are validated by the same code.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><td>{@code larder.default.<setting>}</td><td>file key {@code default.<setting>}</td></tr>
 *   <tr><td>{@code larder.templates.<glob>.<setting>}</td><td>{@code template.<glob>.<setting>}</td></tr>
 *   <tr><td>{@code larder.caches.<name>.<setting>}</td><td>{@code cache.<name>.<setting>}</td></tr>
 * </table>
 *
 * <p>As in the file, the setting is the part after the last dot, so names may contain dots;
 * {@code larder.caches[com.example.User].ttl} (Spring's bracket form) works too. Settings are
 * matched loosely ({@code maximum-size}, {@code maximumSize}, {@code maximum_size}); a list
 * ({@code allow-types[0]}, YAML sequences) is joined with commas. Environment variables map like
 * Spring's: {@code LARDER_DEFAULT_MAXIMUM_SIZE}, {@code LARDER_CACHES_USERS_TTL} (cache names
 * then read in lower case). For the same property, the first property source in Spring's order
 * wins. Any other {@code larder.*} property, except the provider's own JVM-wide names
 * ({@link #PASSED_THROUGH}), is an error: a typo must not be ignored.
 */
final class LarderProperties {

  /** Properties that mean what they mean to the provider (manager defaults, file location). */
  static final List<String> PASSED_THROUGH = List.of("larder.mode", "larder.directory", "larder.durability",
      "larder.encoding", "larder.allow-types", "larder.config", "larder.manager-uri");

  private static final String PREFIX = "larder.";

  /** Each file-form key ({@code cache.users.ttl}) and the property it came from. */
  private final Map<String, Property> settings = new LinkedHashMap<>();

  private record Property(String name, String value, Origin origin) {
    String describe() {
      return "Spring property '" + name + "'" + (origin == null ? "" : " (from " + origin + ")");
    }
  }

  private LarderProperties() {}

  /**
   * Reads the {@code larder.*} properties of an environment.
   *
   * @param environment the application's environment
   * @return the properties found (possibly none)
   * @throws InvalidLarderPropertyException naming a property that is not one of Larder's
   */
  static LarderProperties read(ConfigurableEnvironment environment) {
    LarderProperties properties = new LarderProperties();
    Map<String, Property> seen = new LinkedHashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      boolean variables = source instanceof SystemEnvironmentPropertySource;
      for (String raw : enumerable.getPropertyNames()) {
        String name = variables ? fromVariable(raw) : raw;
        if (name == null || !name.startsWith(PREFIX) || seen.containsKey(name)) {
          continue;
        }
        Object value = source.getProperty(raw);
        Origin origin = source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, raw) : null;
        seen.put(name, new Property(raw, value == null ? "" : environment.resolvePlaceholders(value.toString()),
            origin));
      }
    }
    Map<String, List<Property>> lists = new LinkedHashMap<>();
    seen.forEach((name, p) -> properties.add(name, p, lists));
    lists.forEach((key, items) -> {
      items.sort(java.util.Comparator.comparingInt(LarderProperties::index));
      List<String> values = new ArrayList<>();
      items.forEach(i -> values.add(i.value()));
      Property first = items.get(0);
      properties.settings.put(key, new Property(first.name(), String.join(",", values), first.origin()));
    });
    return properties;
  }

  private static int index(Property p) {
    String n = p.name();
    return n.endsWith("]") ? Integer.parseInt(n.substring(n.lastIndexOf('[') + 1, n.length() - 1)) : 0;
  }

  /** Maps one {@code larder.*} name to its file-form key, or rejects it. */
  private void add(String name, Property p, Map<String, List<Property>> lists) {
    if (PASSED_THROUGH.contains(name)) {
      return;
    }
    String rest = name.substring(PREFIX.length());
    boolean listItem = rest.matches(".*\\[\\d+]$");
    if (listItem) {
      rest = rest.substring(0, rest.lastIndexOf('['));
    }
    String key = fileKey(rest, p);
    if (listItem) {
      lists.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    } else {
      settings.put(key, p);
    }
  }

  private static String fileKey(String rest, Property p) {
    if (rest.startsWith("default.") && rest.indexOf('.', "default.".length()) < 0) {
      return "default." + setting(rest.substring("default.".length()));
    }
    for (String[] group : new String[][] {{"caches", "cache."}, {"templates", "template."}}) {
      String nameAndSetting = unbracket(rest, group[0]);
      if (nameAndSetting != null) {
        int lastDot = nameAndSetting.lastIndexOf('.');
        if (lastDot > 0) {
          return group[1] + nameAndSetting.substring(0, lastDot) + "." + setting(nameAndSetting.substring(lastDot + 1));
        }
      }
    }
    throw new InvalidLarderPropertyException(p.name(), p.describe() + " is not a Larder setting. Write"
        + " larder.default.<setting>, larder.caches.<name>.<setting> or larder.templates.<glob>.<setting>"
        + " (settings: " + String.join(", ", CacheSettings.NAMES) + "), or one of " + String.join(", ", PASSED_THROUGH));
  }

  /** {@code caches.users.ttl} or {@code caches[com.x.User].ttl} → {@code users.ttl}, {@code com.x.User.ttl}. */
  private static String unbracket(String rest, String group) {
    if (rest.startsWith(group + ".")) {
      return rest.substring(group.length() + 1);
    }
    if (rest.startsWith(group + "[")) {
      int close = rest.indexOf(']');
      if (close > 0 && rest.startsWith(".", close + 1)) {
        return rest.substring(group.length() + 1, close) + rest.substring(close + 1);
      }
    }
    return null;
  }

  /** Matches a setting written loosely ({@code maximumSize}, {@code MAXIMUM_SIZE}) to its file name. */
  private static String setting(String written) {
    String loose = written.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (String known : CacheSettings.NAMES) {
      if (known.replace("-", "").equals(loose)) {
        return known;
      }
    }
    return written; // unknown: the provider's parser names it and lists the settings
  }

  /**
   * Maps an environment variable to a property name, Spring's way ({@code LARDER_CACHES_USERS_TTL}
   * → {@code larder.caches.users.ttl}), except that a multi-word setting at the end stays one
   * word ({@code LARDER_DEFAULT_MAXIMUM_SIZE} → {@code larder.default.maximum-size}).
   */
  private static String fromVariable(String variable) {
    if (!variable.toUpperCase(Locale.ROOT).startsWith("LARDER_")) {
      return null;
    }
    String[] parts = variable.toLowerCase(Locale.ROOT).split("_");
    for (int from = 1; from < parts.length; from++) {
      String tail = String.join("-", java.util.Arrays.copyOfRange(parts, from, parts.length));
      if (CacheSettings.NAMES.contains(tail) || PASSED_THROUGH.contains("larder." + tail)) {
        String head = String.join(".", java.util.Arrays.copyOfRange(parts, 0, from));
        return head + "." + tail;
      }
    }
    return String.join(".", parts);
  }

  /**
   * Tells whether any Larder cache setting was given.
   *
   * @return {@code true} if a {@code larder.default/caches/templates} property exists
   */
  boolean isEmpty() {
    return settings.isEmpty();
  }

  /**
   * Builds the configuration these properties describe, validated as a configuration file is.
   *
   * @return the configuration
   * @throws InvalidLarderPropertyException naming the first bad property and what is expected
   */
  ConfigFile toConfigFile() {
    Map<String, String> values = new LinkedHashMap<>();
    settings.forEach((key, p) -> values.put(key, p.value()));
    try {
      return ConfigFile.of("Spring properties larder.*", values, key -> settings.get(key).describe());
    } catch (CacheException e) {
      String property = settings.entrySet().stream()
          .filter(s -> e.getMessage() != null && e.getMessage().startsWith(s.getValue().describe()))
          .map(s -> s.getValue().name()).findFirst().orElse("larder.*");
      throw new InvalidLarderPropertyException(property, e.getMessage(), e);
    }
  }

  /**
   * Returns the names of the caches the properties declare one by one ({@code larder.caches.<name>.*}).
   *
   * @return the names
   */
  List<String> declaredCaches() {
    List<String> names = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (key.startsWith("cache.")) {
        String name = key.substring("cache.".length(), key.lastIndexOf('.'));
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
