package dev.larder.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** larder.* properties alone configure the caches, with the file's validation; bad ones stop the start. */
class PropertiesConfigurationTest {

  @TempDir
  Path dir;

  @Test
  void withNothingConfiguredSpringCachesRunOnLarderAndAreCreatedOnFirstUse() {
    try (ConfigurableApplicationContext context = TestApp.start()) {
      TestApp.Users users = context.getBean(TestApp.Users.class);
      assertEquals("user-1", users.find("1"));
      assertEquals("user-1", users.find("1"));
      assertEquals(1, users.calls(), "the second call was served by the cache");
      assertInstanceOf(LarderSpringCacheManager.class, context.getBean(CacheManager.class));
      assertEquals("user-1", TestApp.larderCache(context, "users").get("1"), "the value is in a Larder cache");

      assertNull(users.lookup("nobody"));
      assertNull(users.lookup("nobody"));
      assertEquals(2, users.calls(), "a null result is cached too (sync=true, through getOrCompute)");
      assertEquals(Mode.VOLATILE, TestApp.larderCache(context, "users").getConfiguration(LarderConfiguration.class)
          .getMode());
    }
  }

  @Test
  void propertiesAloneSetTtlsBoundsDeclaredCachesTemplatesAndPersistence() {
    try (ConfigurableApplicationContext context = TestApp.start(
        "larder.default.ttl=1h",
        "larder.caches.users.ttl=10m",
        "larder.caches.users.maxValueBytes=1KB",                   // relaxed spelling
        "larder.caches[com.example.Order].maximum-size=100",       // a dotted name, bracketed
        "larder.caches.dev.larder.Book.maximum_size=7",            // a dotted name, last-dot rule
        "larder.templates[sessions-*].maximum-size=5",
        "larder.templates[sessions-*].ttl=30m",
        "larder.caches.reports.mode=persistent",
        "larder.caches.reports.directory=" + dir,
        "larder.caches.reports.durability=fsync")) {
      TestApp.Users users = context.getBean(TestApp.Users.class);
      ManualClock clock = context.getBean(ManualClock.class);

      CacheManager spring = context.getBean(CacheManager.class);
      assertTrue(spring.getCacheNames().containsAll(List.of("users", "com.example.Order", "dev.larder.Book", "reports")),
          "declared caches exist at start-up: " + spring.getCacheNames());
      LarderConfiguration<?, ?> usersConfig = TestApp.larderCache(context, "users").getConfiguration(LarderConfiguration.class);
      assertEquals(1024, usersConfig.getMaxValueBytes(), "KB is 1,024 bytes");
      LarderConfiguration<?, ?> order = TestApp.larderCache(context, "com.example.Order")
          .getConfiguration(LarderConfiguration.class);
      assertEquals(100, order.getMaximumSize());
      assertEquals(Duration.ofHours(1), order.getDefaultTtl(), "larder.default applies under the cache's own settings");
      assertEquals(7, TestApp.larderCache(context, "dev.larder.Book").getConfiguration(LarderConfiguration.class)
          .getMaximumSize());

      // the ttl: cached for 10 minutes, then computed again
      users.find("a");
      clock.advance(Duration.ofMinutes(9));
      users.find("a");
      assertEquals(1, users.calls(), "still cached after 9 minutes");
      clock.advance(Duration.ofMinutes(2));
      users.find("a");
      assertEquals(2, users.calls(), "expired after 10 minutes: computed again");
      assertEquals(1, TestApp.larderCache(context, "users").metrics().expirations());

      // the template: a cache created on first use gets its ttl and its bound, and the bound holds
      for (int i = 0; i < 50; i++) {
        users.session("s" + i);
      }
      LarderCache<Object, Object> sessions = TestApp.larderCache(context, "sessions-web");
      assertEquals(Duration.ofMinutes(30), sessions.getConfiguration(LarderConfiguration.class).getDefaultTtl());
      assertEquals(5, sessions.metrics().entryCount(), "bounded at 5 entries");
      assertEquals(45, sessions.metrics().evictions(), "counted: the actuator's registry bound the cache's meters");

      // persistence
      users.report("q1");
      assertEquals(Mode.PERSISTENT, TestApp.larderCache(context, "reports").getConfiguration(LarderConfiguration.class)
          .getMode());
      assertTrue(Files.exists(dir.resolve("spring").resolve("reports.db")), "the store is <directory>/spring/reports.db");
    }
  }

  @Test
  void springCacheNamesStillWorkAndFixTheSet() {
    try (ConfigurableApplicationContext context = TestApp.start("spring.cache.cache-names=users,audit",
        "larder.default.ttl=5m")) {
      CacheManager spring = context.getBean(CacheManager.class);
      assertTrue(spring.getCacheNames().containsAll(List.of("users", "audit")));
      assertEquals(Duration.ofMinutes(5), TestApp.larderCache(context, "audit")
          .getConfiguration(LarderConfiguration.class).getDefaultTtl());
      assertNull(spring.getCache("unknown"), "with cache-names, no cache is created on demand");
      assertThrows(IllegalArgumentException.class, () -> context.getBean(TestApp.Users.class).report("r"),
          "Spring reports the unknown cache");
    }
  }

  @Test
  void aMalformedValueFailsStartUpNamingTheProperty() {
    InvalidLarderPropertyException e = startFails("larder.caches.users.ttl=ten minutes");
    assertEquals("larder.caches.users.ttl", e.property());
    assertTrue(e.getMessage().contains("Spring property 'larder.caches.users.ttl'")
        && e.getMessage().contains("\"ten minutes\" is not a duration"), e.getMessage());
    FailureAnalysis analysis = new LarderPropertyFailureAnalyzer().analyze(e);
    assertTrue(analysis.getDescription().contains("larder.caches.users.ttl"), analysis.getDescription());
    assertTrue(analysis.getAction().contains("Fix or remove 'larder.caches.users.ttl'"), analysis.getAction());
  }

  @Test
  void anUnknownSettingOrPropertyIsRefusedNamingIt() {
    InvalidLarderPropertyException setting = refused("larder.default.tll", "10m");
    assertTrue(setting.getMessage().contains("'larder.default.tll'") && setting.getMessage().contains("unknown setting")
        && setting.getMessage().contains("ttl, store-by-value"), setting.getMessage());
    InvalidLarderPropertyException property = refused("larder.cache.users.ttl", "10m");
    assertEquals("larder.cache.users.ttl", property.property());
    assertTrue(property.getMessage().contains("is not a Larder setting"), property.getMessage());
    InvalidLarderPropertyException size = refused("larder.caches.users.maximum-size", "-3");
    assertTrue(size.getMessage().contains("'larder.caches.users.maximum-size'")
        && size.getMessage().contains("not an entry count"), size.getMessage());
    InvalidLarderPropertyException bytes = refused("larder.templates[big-*].max-value-bytes", "3GB");
    assertTrue(bytes.getMessage().contains("'larder.templates[big-*].max-value-bytes'")
        && bytes.getMessage().contains("is not a size"), bytes.getMessage());
  }

  @Test
  void propertiesAndAConfigurationFileTogetherAreRefused() {
    StandardEnvironment environment = environment(Map.of("larder.config", "classpath:larder-file.properties",
        "larder.default.ttl", "1m"));
    InvalidLarderPropertyException e = assertThrows(InvalidLarderPropertyException.class,
        () -> LarderManagerFactory.open(environment, getClass().getClassLoader(), null));
    assertTrue(e.getMessage().contains("configured twice") && e.getMessage().contains("larder-file.properties"),
        e.getMessage());
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test", properties));
    return environment;
  }

  private static InvalidLarderPropertyException refused(String name, String value) {
    return assertThrows(InvalidLarderPropertyException.class,
        () -> LarderProperties.read(environment(Map.of(name, value))).toConfigFile());
  }

  @Test
  void aConfigurationFileAloneIsStillRead() {
    try (ConfigurableApplicationContext context = TestApp.start("spring.cache.jcache.config=classpath:larder-file.properties")) {
      assertEquals(Duration.ofMinutes(3), TestApp.larderCache(context, "from-file")
          .getConfiguration(LarderConfiguration.class).getDefaultTtl());
    }
  }

  @Test
  void anotherCacheTypeMakesLarderStepAside() {
    try (ConfigurableApplicationContext context = TestApp.start("spring.cache.type=simple")) {
      assertFalse(context.getBean(CacheManager.class) instanceof LarderSpringCacheManager);
      assertTrue(context.getBeansOfType(javax.cache.CacheManager.class).isEmpty());
    }
  }

  @Test
  void environmentVariablesMapLikeSpringsOwn() {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("vars", Map.of(
        "LARDER_DEFAULT_MAXIMUM_SIZE", "9", "LARDER_CACHES_USERS_TTL", "2m", "OTHER_VARIABLE", "x")));
    var config = LarderProperties.read(environment).toConfigFile();
    assertEquals(List.of("users"), config.cacheNames());
    LarderConfiguration<Object, Object> users = new LarderConfiguration<>();
    config.settingsFor("users").applyTo(users);
    assertEquals(9, users.getMaximumSize());
    assertEquals(Duration.ofMinutes(2), users.getDefaultTtl());
  }

  @Test
  void yamlListsAndBracketsWork() {
    try (ConfigurableApplicationContext context = TestApp.start("spring.config.location=classpath:larder-test.yml")) {
      LarderConfiguration<?, ?> config = TestApp.larderCache(context, "com.example.Report")
          .getConfiguration(LarderConfiguration.class);
      assertEquals(Duration.ofHours(2), config.getDefaultTtl());
      assertTrue(config.getAllowedTypes().containsAll(List.of("com.example.Report", "com.example.model.")),
          config.getAllowedTypes().toString());
      assertNotNull(TestApp.larderCache(context, "users"));
    }
  }

  private static InvalidLarderPropertyException startFails(String... properties) {
    Throwable failure = assertThrows(Throwable.class, () -> TestApp.start(properties).close());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidLarderPropertyException e) {
        return e;
      }
    }
    throw new AssertionError("start-up failed, but not with InvalidLarderPropertyException", failure);
  }
}
