package dev.larder.jcache;

import dev.larder.Durability;
import dev.larder.Encoding;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.config.Durations;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * A cache manager's defaults for where its caches keep entries, for caches whose configuration does
 * not choose: the manager's properties ({@code larder.mode}, {@code larder.directory}, {@code
 * larder.durability}, {@code larder.encoding}, {@code larder.allow-types}, and for shared mode
 * {@code larder.redis.uri}, {@code larder.redis.namespace}, {@code larder.redis.timeout}, {@code
 * larder.redis.lease}, {@code larder.redis.truststore}, {@code larder.redis.near-cache}), the same names in its URI's query ({@code
 * larder:app?larder.mode=persistent}), then the same names as JVM system properties, then volatile
 * mode, {@code ./larder-data}, {@link Durability#COMMIT}, {@link Encoding#JSON}, {@code
 * redis://127.0.0.1:6379}, namespace {@code larder}, a 3 s timeout, a 10 s lease and no near cache.
 */
final class StoreDefaults {

  static final String MODE = "larder.mode";
  static final String DIRECTORY = "larder.directory";
  static final String DURABILITY = "larder.durability";
  static final String ENCODING = "larder.encoding";
  static final String ALLOW_TYPES = "larder.allow-types";
  static final String REDIS_URI = "larder.redis.uri";
  static final String REDIS_NAMESPACE = "larder.redis.namespace";
  static final String REDIS_TIMEOUT = "larder.redis.timeout";
  static final String REDIS_LEASE = "larder.redis.lease";
  static final String REDIS_TRUSTSTORE = "larder.redis.truststore";
  static final String REDIS_NEAR_CACHE = "larder.redis.near-cache";
  static final String DEFAULT_DIRECTORY = "larder-data";
  static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";

  private final Properties settings = new Properties();

  StoreDefaults(URI uri, Properties properties) {
    for (String name : new String[] {MODE, DIRECTORY, DURABILITY, ENCODING, ALLOW_TYPES, REDIS_URI, REDIS_NAMESPACE,
        REDIS_TIMEOUT, REDIS_LEASE, REDIS_TRUSTSTORE, REDIS_NEAR_CACHE}) {
      String value = properties.getProperty(name);
      if (value == null) {
        value = fromQuery(uri, name);
      }
      if (value == null) {
        value = System.getProperty(name);
      }
      if (value != null) {
        settings.setProperty(name, value);
      }
    }
  }

  private static String fromQuery(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null && uri.isOpaque()) {
      String part = uri.getRawSchemeSpecificPart();
      int q = part.indexOf('?');
      query = q < 0 ? null : part.substring(q + 1);
    }
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * Fills the persistence settings a configuration leaves open with these defaults.
   *
   * @throws CacheException naming the setting if a default is malformed
   */
  <K, V> void applyTo(String cacheName, LarderConfiguration<K, V> config) {
    try {
      if (config.getMode() == null) {
        config.setMode(Mode.parse(settings.getProperty(MODE, "volatile"), MODE));
      }
      if (config.getDirectory() == null) {
        config.setDirectory(settings.getProperty(DIRECTORY, DEFAULT_DIRECTORY));
      }
      if (config.getDurability() == null) {
        config.setDurability(Durability.parse(settings.getProperty(DURABILITY, "commit"), DURABILITY));
      }
      if (config.getEncoding() == null) {
        config.setEncoding(Encoding.parse(settings.getProperty(ENCODING, "json"), ENCODING));
      }
      applyRedisTo(config);
      String allowed = settings.getProperty(ALLOW_TYPES);
      if (allowed != null) {
        for (String type : allowed.split(",")) {
          if (!type.isBlank()) {
            config.allowTypes(type.trim());
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CacheException("Cache '" + cacheName + "': " + e.getMessage(), e);
    }
  }

  /** Fills the shared mode's settings a configuration leaves open. */
  private <K, V> void applyRedisTo(LarderConfiguration<K, V> config) {
    if (config.getRedisUri() == null) {
      config.setRedisUri(settings.getProperty(REDIS_URI, DEFAULT_REDIS_URI));
    }
    if (config.getRedisNamespace() == null) {
      config.setRedisNamespace(settings.getProperty(REDIS_NAMESPACE, "larder"));
    }
    if (config.getRedisTimeout() == null) {
      config.setRedisTimeout(Durations.parse(settings.getProperty(REDIS_TIMEOUT, "3s"), REDIS_TIMEOUT));
    }
    if (config.getRedisLease() == null) {
      config.setRedisLease(Durations.parse(settings.getProperty(REDIS_LEASE, "10s"), REDIS_LEASE));
    }
    if (config.getRedisTrustStore() == null) {
      config.setRedisTrustStore(settings.getProperty(REDIS_TRUSTSTORE));
    }
    if (config.getRedisNearCache() == null) {
      String near = settings.getProperty(REDIS_NEAR_CACHE, "0").trim();
      try {
        config.setRedisNearCache(Integer.parseInt(near));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(REDIS_NEAR_CACHE + " must be a number of entries, was '" + near + "'", e);
      }
    }
  }
}
