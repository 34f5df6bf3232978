package dev.larder.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.LarderConfiguration;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The actuator over real HTTP: metrics of a known workload, the caches endpoint, and the health indicator. */
class ActuatorHttpTest {

  @TempDir
  Path dir;

  @Test
  void metricsMatchAKnownWorkloadAndTheCachesEndpointListsAndClears() {
    try (ConfigurableApplicationContext context = TestApp.startWeb("larder.caches.users.maximum-size=100")) {
      Http http = new Http(context);
      TestApp.Users users = context.getBean(TestApp.Users.class);
      users.find("a");
      users.find("a");
      users.find("a");
      users.find("b");
      users.forget("a");
      users.lookup("x");
      users.lookup("x");
      users.lookup("nobody");

      assertEquals(4, http.metric("cache.gets", "cache:users"), "hits and misses of 'users'");
      assertEquals(2, http.metric("cache.gets", "cache:users", "result:hit"));
      assertEquals(2, http.metric("cache.gets", "cache:users", "result:miss"));
      assertEquals(2, http.metric("cache.puts", "cache:users", "cache.manager:cacheManager"));
      assertEquals(1, http.metric("cache.removals", "cache:users"));
      assertEquals(0, http.metric("cache.evictions", "cache:users"));
      assertEquals(1, http.metric("cache.size", "cache:users"), "b is left");
      assertEquals(1, http.metric("cache.gets", "cache:lookups", "result:hit"));
      assertEquals(2, http.metric("cache.gets", "cache:lookups", "result:miss"));
      assertEquals(2, http.metric("cache.load", "cache:lookups", "result:success"), "sync=true loads through Larder");
      assertTrue(http.metric("cache.load.duration", "cache:lookups") > 0);
      assertFalse(TestApp.larderCache(context, "users").getConfiguration(LarderConfiguration.class)
          .isStatisticsEnabled(), "no JSR-107 statistics were switched on");

      JsonNode caches = http.get("/actuator/caches").json().path("cacheManagers").path("cacheManager").path("caches");
      assertTrue(caches.has("users") && caches.has("lookups"), caches.toString());
      assertEquals("dev.larder.jcache.LarderJCache", caches.path("users").path("target").asText());

      assertEquals(204, http.delete("/actuator/caches/users").status());
      assertEquals(0, http.metric("cache.size", "cache:users"), "cleared over HTTP");
      int before = users.calls();
      users.find("b");
      assertEquals(before + 1, users.calls(), "b was computed again after the clear");
      assertEquals(204, http.delete("/actuator/caches").status());
      assertEquals(0, http.metric("cache.size", "cache:lookups"), "every cache cleared");
      assertEquals(404, http.get("/actuator/caches/nothing-of-that-name").status());
    }
  }

  @Test
  void healthGoesDownWhenTheStoreFolderDisappearsAndUpWhenItIsBack() throws Exception {
    try (ConfigurableApplicationContext context = TestApp.startWeb("larder.default.mode=persistent",
        "larder.default.directory=" + dir)) {
      Http http = new Http(context);
      context.getBean(TestApp.Users.class).find("a");
      Http.Response up = http.get("/actuator/health/larder");
      assertEquals(200, up.status(), up.body());
      assertEquals("UP", up.json().path("status").asText());
      assertTrue(up.json().path("details").path("caches").path("users").asText().startsWith("persistent: "), up.body());

      Path folder = dir.resolve("spring");
      Path aside = dir.resolve("spring-moved");
      Files.move(folder, aside);
      Http.Response down = http.get("/actuator/health/larder");
      assertEquals(503, down.status(), down.body());
      assertEquals("DOWN", down.json().path("status").asText());
      String reason = down.json().path("details").path("caches").path("users").asText();
      assertTrue(reason.contains(folder.toString()) && reason.contains("no longer exists"), reason);
      assertEquals("DOWN", http.get("/actuator/health").json().path("status").asText(), "the application's health too");

      Files.move(aside, folder);
      assertEquals(200, http.get("/actuator/health/larder").status());
    }
  }

  @Test
  void healthReportsACacheWhoseStoreIsLockedElsewhereUntilItOpens() {
    try (ConfigurableApplicationContext context = TestApp.startWeb("larder.default.mode=persistent",
        "larder.default.directory=" + dir)) {
      Http http = new Http(context);
      TestApp.Users users = context.getBean(TestApp.Users.class);
      LarderCachingProvider other = new LarderCachingProvider();
      Properties properties = new Properties();
      properties.setProperty("larder.mode", "persistent");
      properties.setProperty("larder.directory", dir.toString());
      CacheManager holder = other.getCacheManager(URI.create("spring"), getClass().getClassLoader(), properties);
      holder.createCache("reports", new LarderConfiguration<Object, Object>());   // holds reports.db's lock

      CacheException failure = assertThrows(CacheException.class, () -> users.report("r1"));
      assertTrue(failure.getMessage().contains("already open"), failure.getMessage());
      Http.Response down = http.get("/actuator/health/larder");
      assertEquals(503, down.status(), down.body());
      String reason = down.json().path("details").path("caches").path("reports").asText();
      assertTrue(reason.contains("could not be opened") && reason.contains("reports.db"), reason);

      holder.close();
      other.close();
      assertEquals("report-r1", users.report("r1"));
      Http.Response up = http.get("/actuator/health/larder");
      assertEquals(200, up.status(), up.body());
      assertTrue(up.json().path("details").path("caches").path("reports").asText().startsWith("persistent: "), up.body());
    }
  }
}
