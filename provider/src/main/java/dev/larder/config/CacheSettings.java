package dev.larder.config;

import dev.larder.Durability;
import dev.larder.Encoding;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a configuration file gives one cache, each either set or absent. Settings are
 * layered: a cache's own settings over the first matching template's over the manager defaults
 * ({@link #over(CacheSettings)}), then applied to the cache's configuration ({@link #applyTo}).
 */
public final class CacheSettings {

  /** The setting names this class understands, as written in the file. */
  public static final List<String> NAMES =
      List.of("ttl", "store-by-value", "statistics", "management", "max-key-bytes", "max-value-bytes",
          "maximum-size", "mode", "directory", "durability", "write-behind-window", "encoding", "allow-types",
          "redis.uri", "redis.namespace", "redis.timeout", "redis.lease", "redis.truststore",
          "redis.near-cache");

  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(b|kb|mb)?");

  private Duration ttl;
  private Boolean storeByValue;
  private Boolean statistics;
  private Boolean management;
  private Integer maxKeyBytes;
  private Integer maxValueBytes;
  private Long maximumSize;
  private Mode mode;
  private String directory;
  private Durability durability;
  private Duration writeBehindWindow;
  private Encoding encoding;
  private List<String> allowTypes;
  private String redisUri;
  private String redisNamespace;
  private Duration redisTimeout;
  private Duration redisLease;
  private String redisTrustStore;
  private Integer redisNearCache;

  /** Creates settings with nothing set. */
  public CacheSettings() {}

  /**
   * Sets one setting from its text.
   *
   * @param name the setting name, one of {@link #NAMES}
   * @param value the text of its value
   * @param where the file, line and key, for error messages
   * @throws IllegalArgumentException naming {@code where} if the name is unknown or the value malformed
   */
  public void set(String name, String value, String where) {
    switch (name) {
      case "ttl" -> ttl = Durations.parse(value, where);
      case "store-by-value" -> storeByValue = bool(value, where);
      case "statistics" -> statistics = bool(value, where);
      case "management" -> management = bool(value, where);
      case "max-key-bytes" -> maxKeyBytes = bytes(value, where);
      case "max-value-bytes" -> maxValueBytes = bytes(value, where);
      case "maximum-size" -> maximumSize = count(value, where);
      case "mode" -> mode = Mode.parse(value, where);
      case "directory" -> directory = value.trim();
      case "durability" -> durability = Durability.parse(value, where);
      case "write-behind-window" -> writeBehindWindow = Durations.parse(value, where);
      case "encoding" -> encoding = Encoding.parse(value, where);
      case "allow-types" -> allowTypes = typeNames(value, where);
      case "redis.uri" -> redisUri = value.trim();
      case "redis.namespace" -> redisNamespace = value.trim();
      case "redis.timeout" -> redisTimeout = Durations.parse(value, where);
      case "redis.lease" -> redisLease = Durations.parse(value, where);
      case "redis.truststore" -> redisTrustStore = value.trim();
      case "redis.near-cache" -> redisNearCache = nearCache(value, where);
      default -> throw new IllegalArgumentException(where + ": unknown setting \"" + name + "\"; known settings: "
          + String.join(", ", NAMES));
    }
  }

  /**
   * Returns these settings layered over others: a setting set here wins.
   *
   * @param below the settings underneath
   * @return a new combined object
   */
  public CacheSettings over(CacheSettings below) {
    CacheSettings s = new CacheSettings();
    s.ttl = ttl != null ? ttl : below.ttl;
    s.storeByValue = storeByValue != null ? storeByValue : below.storeByValue;
    s.statistics = statistics != null ? statistics : below.statistics;
    s.management = management != null ? management : below.management;
    s.maxKeyBytes = maxKeyBytes != null ? maxKeyBytes : below.maxKeyBytes;
    s.maxValueBytes = maxValueBytes != null ? maxValueBytes : below.maxValueBytes;
    s.maximumSize = maximumSize != null ? maximumSize : below.maximumSize;
    s.mode = mode != null ? mode : below.mode;
    s.directory = directory != null ? directory : below.directory;
    s.durability = durability != null ? durability : below.durability;
    s.writeBehindWindow = writeBehindWindow != null ? writeBehindWindow : below.writeBehindWindow;
    s.encoding = encoding != null ? encoding : below.encoding;
    s.allowTypes = allowTypes != null ? allowTypes : below.allowTypes;
    s.redisUri = redisUri != null ? redisUri : below.redisUri;
    s.redisNamespace = redisNamespace != null ? redisNamespace : below.redisNamespace;
    s.redisTimeout = redisTimeout != null ? redisTimeout : below.redisTimeout;
    s.redisLease = redisLease != null ? redisLease : below.redisLease;
    s.redisTrustStore = redisTrustStore != null ? redisTrustStore : below.redisTrustStore;
    s.redisNearCache = redisNearCache != null ? redisNearCache : below.redisNearCache;
    return s;
  }

  /**
   * Writes the settings that are set into a cache configuration; the file wins over the program.
   * The {@code ttl} becomes the configuration's default time to live, which applies only while the
   * program did not choose an expiry policy of its own.
   *
   * @param config the configuration to change
   * @param <K> key type
   * @param <V> value type
   */
  public <K, V> void applyTo(LarderConfiguration<K, V> config) {
    if (ttl != null) {
      config.setDefaultTtl(ttl);
    }
    if (storeByValue != null) {
      config.setStoreByValue(storeByValue);
    }
    if (statistics != null) {
      config.setStatisticsEnabled(statistics);
    }
    if (management != null) {
      config.setManagementEnabled(management);
    }
    if (maxKeyBytes != null) {
      config.setMaxKeyBytes(maxKeyBytes);
    }
    if (maxValueBytes != null) {
      config.setMaxValueBytes(maxValueBytes);
    }
    if (maximumSize != null) {
      config.setMaximumSize(maximumSize);
    }
    applyPersistenceTo(config);
  }

  private <K, V> void applyPersistenceTo(LarderConfiguration<K, V> config) {
    if (mode != null) {
      config.setMode(mode);
    }
    if (directory != null) {
      config.setDirectory(directory);
    }
    if (durability != null) {
      config.setDurability(durability);
    }
    if (writeBehindWindow != null) {
      config.setWriteBehindWindow(writeBehindWindow);
    }
    if (encoding != null) {
      config.setEncoding(encoding);
    }
    if (allowTypes != null) {
      config.allowTypes(allowTypes.toArray(String[]::new));
    }
    if (redisUri != null) {
      config.setRedisUri(redisUri);
    }
    if (redisNamespace != null) {
      config.setRedisNamespace(redisNamespace);
    }
    if (redisTimeout != null) {
      config.setRedisTimeout(redisTimeout);
    }
    if (redisLease != null) {
      config.setRedisLease(redisLease);
    }
    if (redisTrustStore != null) {
      config.setRedisTrustStore(redisTrustStore);
    }
    if (redisNearCache != null) {
      config.setRedisNearCache(redisNearCache);
    }
  }

  /**
   * Returns the time to live, if set.
   *
   * @return the ttl or {@code null}
   */
  public Duration ttl() {
    return ttl;
  }

  private static boolean bool(String value, String where) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(where + ": \"" + value + "\" is not a boolean; write true or false");
  }

  /** A comma list of class names, package prefixes and presets ({@code @hibernate}), checked. */
  private static List<String> typeNames(String value, String where) {
    List<String> names = List.of(value.trim().split("\\s*,\\s*"));
    for (String name : names) {
      try {
        TypePresets.expand(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return names;
  }

  private static long count(String value, String where) {
    String v = value.trim().replace("_", "");
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": \"" + value
        + "\" is not an entry count; write a whole number such as 10000 (0 = unbounded)");
  }

  private static int nearCache(String value, String where) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": \"" + value
        + "\" is not an entry count; write a whole number such as 10000 (0 = no near cache)");
  }

  private static int bytes(String value, String where) {
    Matcher m = BYTES.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2);
      long factor = unit == null || unit.equals("b") ? 1 : unit.equals("kb") ? 1024 : 1024 * 1024;
      long total = n * factor;
      if (total <= Integer.MAX_VALUE) {
        return (int) total;
      }
    }
    throw new IllegalArgumentException(where + ": \"" + value + "\" is not a size; write a number of bytes"
        + " (10240), or with a unit (10KB, 1MB), up to 2GB; 0 means unlimited");
  }
}
