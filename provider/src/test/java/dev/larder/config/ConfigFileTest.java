package dev.larder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.spi.LarderCachingProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: layering, every setting, and the errors it reports. */
class ConfigFileTest {

  private static final String FILE = """
      # defaults for every cache
      default.ttl = 1h
      default.statistics = true

      template.session-*.ttl = 30m
      template.session-*.max-value-bytes = 10KB
      template.*.store-by-value = false

      cache.users.ttl = 10m
      cache.users.maximum-size = 10_000
      cache.com.example.User.max-key-bytes = 512
      cache.session-admin.ttl = 5m
      """;

  private static LarderConfiguration<Object, Object> applied(ConfigFile file, String name) {
    LarderConfiguration<Object, Object> config = new LarderConfiguration<>();
    file.settingsFor(name).applyTo(config);
    return config;
  }

  @Test
  void cacheSettingsLayerOverTemplatesOverDefaults() {
    ConfigFile file = ConfigFile.parse(FILE, "test.properties");
    LarderConfiguration<Object, Object> users = applied(file, "users");
    assertEquals(Duration.ofMinutes(10), users.getDefaultTtl());
    assertEquals(10_000, users.getMaximumSize());
    assertTrue(users.isStatisticsEnabled());
    assertFalse(users.isStoreByValue(), "the catch-all template applies to users");

    LarderConfiguration<Object, Object> session = applied(file, "session-web");
    assertEquals(Duration.ofMinutes(30), session.getDefaultTtl());
    assertEquals(10 * 1024, session.getMaxValueBytes());
    assertTrue(session.isStoreByValue(), "only the first matching template applies");

    LarderConfiguration<Object, Object> admin = applied(file, "session-admin");
    assertEquals(Duration.ofMinutes(5), admin.getDefaultTtl());
    assertEquals(10 * 1024, admin.getMaxValueBytes());

    assertEquals(512, applied(file, "com.example.User").getMaxKeyBytes());
    assertEquals(Duration.ofHours(1), applied(file, "anything").getDefaultTtl());
    assertEquals(List.of("users", "com.example.User", "session-admin"), file.cacheNames());
  }

  @Test
  void anUnknownSettingNamesFileLineAndKey() {
    CacheException e = assertThrows(CacheException.class,
        () -> ConfigFile.parse("default.ttl = 1h\n\ncache.users.tll = 10m\n", "app.properties"));
    assertTrue(e.getMessage().contains("app.properties line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("cache.users.tll"), e.getMessage());
    assertTrue(e.getMessage().contains("known settings: ttl"), e.getMessage());
  }

  @Test
  void badValuesSayWhatWasExpected() {
    assertMessage("default.ttl = soon", "not a duration");
    assertMessage("default.ttl = 0s", "must be positive");
    assertMessage("default.statistics = yes", "true or false");
    assertMessage("default.max-value-bytes = lots", "not a size");
    assertMessage("default.maximum-size = -5", "not an entry count");
    assertMessage("users.ttl = 1m", "keys are default.<setting>");
    assertMessage("just some words", "write key = value");
  }

  private static void assertMessage(String line, String expected) {
    CacheException e = assertThrows(CacheException.class, () -> ConfigFile.parse(line, "f"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("f line 1"), e.getMessage());
  }

  @Test
  void durationsAcceptShortFormsAndIso() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms", "x"));
    assertEquals(Duration.ofSeconds(30), Durations.parse(" 30s ", "x"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("10M", "x"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h", "x"));
    assertEquals(Duration.ofDays(7), Durations.parse("7d", "x"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("PT10M", "x"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("10 minutes", "X#m"));
    assertTrue(e.getMessage().startsWith("X#m: \"10 minutes\""), e.getMessage());
  }

  @Test
  void aManagerWhoseUriNamesTheFileAppliesItAndCreatesNamedCaches(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("larder.properties");
    Files.writeString(file, FILE);
    LarderCachingProvider provider = new LarderCachingProvider();
    try (CacheManager manager = provider.getCacheManager(file.toUri(), getClass().getClassLoader())) {
      Cache<Object, Object> users = manager.getCache("users");
      assertNotNull(users, "caches named in the file exist from the start");
      assertEquals(Duration.ofMinutes(10), users.getConfiguration(LarderConfiguration.class).getDefaultTtl());
      // what a framework does: create a cache with a bare MutableConfiguration
      Cache<String, String> sessions = manager.createCache("session-api", new MutableConfiguration<>());
      LarderConfiguration<?, ?> config = sessions.getConfiguration(LarderConfiguration.class);
      assertEquals(Duration.ofMinutes(30), config.getDefaultTtl());
      assertEquals(10 * 1024, config.getMaxValueBytes());
      assertNull(manager.getCache("session-other"));
    }
  }

  @Test
  void aMissingFileFailsAtStartupNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    CacheException e = assertThrows(CacheException.class,
        () -> new LarderCachingProvider().getCacheManager(missing.toUri(), getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    CacheException cp = assertThrows(CacheException.class, () -> new LarderCachingProvider()
        .getCacheManager(java.net.URI.create("classpath:missing-larder.properties"), getClass().getClassLoader()));
    assertTrue(cp.getMessage().contains("missing-larder.properties"), cp.getMessage());
  }
}
