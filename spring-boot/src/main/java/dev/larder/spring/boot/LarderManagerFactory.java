package dev.larder.spring.boot;

import dev.larder.config.ConfigFile;
import dev.larder.engine.Clock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Opens the Larder {@code javax.cache.CacheManager} of a Spring application: its URI
 * ({@code larder.manager-uri}, default {@value #DEFAULT_URI}: persistent caches then live in
 * {@code <directory>/spring/<cache>.db}), its configuration ({@code larder.*} properties, or a
 * configuration file), and the provider's manager defaults ({@code larder.mode},
 * {@code larder.directory}, ...) read from the Spring environment, so they work from
 * {@code application.properties} as well as from {@code -D}.
 */
final class LarderManagerFactory {

  /** The manager's URI unless {@code larder.manager-uri} says otherwise. */
  static final String DEFAULT_URI = "spring";

  /** Spring's cache values for {@code null} results: persistent caches must be able to decode them. */
  static final String NULL_VALUE_TYPE = "org.springframework.cache.support.NullValue";

  private LarderManagerFactory() {}

  /**
   * Opens the manager.
   *
   * @param environment the application's environment
   * @param classLoader the application's class loader (for the caches' keys and values)
   * @param clock the clock the caches read, or {@code null} for the system clock (tests pass a
   *     {@code ManualClock})
   * @return the open manager, owned by the caller (close it with the application)
   * @throws InvalidLarderPropertyException if a {@code larder.*} property is wrong, or settings
   *     come both from properties and from a configuration file
   * @throws IllegalStateException if a manager with this URI is already open in the JVM
   */
  static CacheManager open(ConfigurableEnvironment environment, ClassLoader classLoader, Clock clock) {
    LarderProperties properties = LarderProperties.read(environment);
    ConfigFile config = configuration(environment, properties, classLoader);
    URI uri = URI.create(environment.getProperty("larder.manager-uri", DEFAULT_URI));
    Properties managerProperties = new Properties();
    managerProperties.put(LarderCacheManager.CONFIG_PROPERTY, config);
    if (clock != null) {
      managerProperties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    }
    for (String name : LarderProperties.PASSED_THROUGH) {
      String value = environment.getProperty(name);
      if (value != null && !name.equals("larder.config") && !name.equals("larder.manager-uri")) {
        managerProperties.setProperty(name, value);
      }
    }
    String allowed = managerProperties.getProperty("larder.allow-types");
    managerProperties.setProperty("larder.allow-types", allowed == null ? NULL_VALUE_TYPE : allowed + "," + NULL_VALUE_TYPE);

    CacheManager manager = Caching.getCachingProvider(LarderCachingProvider.class.getName(), classLoader)
        .getCacheManager(uri, classLoader, managerProperties);
    if (manager.getProperties().get(LarderCacheManager.CONFIG_PROPERTY) != config) {
      throw new IllegalStateException("A Larder cache manager with URI '" + uri + "' is already open in this JVM"
          + " (another application context?), with settings other than this application's. Close it first, or"
          + " give this application its own larder.manager-uri");
    }
    return manager;
  }

  /**
   * Chooses the configuration: the {@code larder.*} properties, or else the file named by
   * {@code larder.config} or {@code spring.cache.jcache.config}, or else the provider's own search
   * (the {@code larder.config} system property, {@code larder.properties} on the classpath). Both
   * properties and a file is an error: one of them would be silently ignored.
   */
  private static ConfigFile configuration(ConfigurableEnvironment environment, LarderProperties properties,
      ClassLoader classLoader) {
    String named = environment.getProperty("larder.config");
    String property = "larder.config";
    if (named == null) {
      named = environment.getProperty("spring.cache.jcache.config");
      property = "spring.cache.jcache.config";
    }
    ConfigFile file = named == null ? ConfigFile.locate(URI.create(DEFAULT_URI), classLoader)
        : ConfigFile.locate(location(named), classLoader);
    if (properties.isEmpty()) {
      return file;
    }
    if (file != ConfigFile.empty()) {
      throw new InvalidLarderPropertyException(named != null ? property : "larder.*", "Larder is configured twice:"
          + " by the file " + file.source() + " and by Spring properties larder.*. Keep one: move the file's"
          + " settings into larder.* properties, or remove the larder.* properties");
    }
    return properties.toConfigFile();
  }

  /** A Spring resource string as the URI the provider reads: {@code classpath:}, {@code file:} or a path. */
  private static URI location(String named) {
    String trimmed = named.trim();
    if (trimmed.startsWith("classpath:") || trimmed.startsWith("file:")) {
      return URI.create(trimmed);
    }
    return Path.of(trimmed).toAbsolutePath().toUri();
  }
}
