package dev.larder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code larder.http.*} properties, read from a plain file and bound by Spring Boot: same names, same results. */
class SettingsTest {

  private static final Map<String, String> ALL = Map.ofEntries(
      Map.entry("larder.http.cache-name", "responses"),
      Map.entry("larder.http.mode", "persistent"),
      Map.entry("larder.http.directory", "/tmp/larder-http-test"),
      Map.entry("larder.http.max-entries", "5_000"),
      Map.entry("larder.http.max-key-bytes", "2KB"),
      Map.entry("larder.http.max-entry-bytes", "1MB"),
      Map.entry("larder.http.lock-timeout", "2s"),
      Map.entry("larder.http.cache-status-header", "false"),
      Map.entry("larder.http.x-cache-header", "false"),
      Map.entry("larder.http.jmx", "false"),
      Map.entry("larder.http.endpoints.users.path", "/users/{id}"),
      Map.entry("larder.http.endpoints.users.ttl", "300"),
      Map.entry("larder.http.endpoints.users.query-params", "fields, lang"),
      Map.entry("larder.http.endpoints.users.vary-headers", "Accept"),
      Map.entry("larder.http.endpoints.users.authorization", "per-principal"),
      Map.entry("larder.http.endpoints.users.revalidation", "false"),
      Map.entry("larder.http.endpoints.stock.path", "/stock"),
      Map.entry("larder.http.endpoints.stock.ttl", "1m"),
      Map.entry("larder.http.endpoints.stock.enabled", "false"),
      Map.entry("larder.http.endpoints.stock.query-params", ""));

  private static void assertAll(HttpCacheConfig c) {
    assertEquals("responses", c.cacheName());
    assertEquals(Mode.PERSISTENT, c.mode());
    assertEquals("/tmp/larder-http-test", c.directory());
    assertEquals(5000, c.maxEntries());
    assertEquals(2048, c.maxKeyBytes());
    assertEquals(1024 * 1024, c.maxEntryBytes());
    assertEquals(Duration.ofSeconds(2), c.lockTimeout());
    assertFalse(c.cacheStatusHeader() || c.xCacheHeader() || c.jmx());
    EndpointConfig users = c.endpoints().stream().filter(e -> e.id().equals("users")).findFirst().orElseThrow();
    assertEquals("/users/{id}", users.path().toString());
    assertEquals(Duration.ofSeconds(300), users.ttl(), "a bare number is seconds");
    assertEquals(List.of("fields", "lang"), users.queryParams());
    assertEquals(List.of("accept"), users.varyHeaders());
    assertEquals(AuthorizedRequests.PER_PRINCIPAL, users.authorization());
    assertFalse(users.revalidation());
    EndpointConfig stock = c.endpoints().stream().filter(e -> e.id().equals("stock")).findFirst().orElseThrow();
    assertEquals(Duration.ofMinutes(1), stock.ttl());
    assertFalse(stock.enabled());
    assertEquals(List.of(), stock.queryParams(), "an empty list: the query is not part of the key");
  }

  @Test
  void aPlainPropertiesFileSetsEverySetting() {
    assertAll(HttpCacheSettings.fromProperties(ALL, "test.properties").toConfig());
  }

  @Test
  void springBootBindsTheSameProperties() {
    Binder binder = new Binder(new MapConfigurationPropertySource(ALL));
    HttpCacheSettings settings = binder.bind("larder.http", Bindable.of(HttpCacheSettings.class)).get();
    assertAll(settings.toConfig());
  }

  @Test
  void unknownKeysAndBadValuesNameTheSourceAndTheKey() {
    HttpCacheConfigException unknown = assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheSettings.fromProperties(Map.of("larder.http.endpoints.users.pth", "/u"), "app.properties"));
    assertTrue(unknown.getMessage().contains("larder.http.endpoints.users.pth in app.properties"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("path"), "lists the known settings: " + unknown.getMessage());
    HttpCacheConfigException global = assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheSettings.fromProperties(Map.of("max-entrys", "1"), "app.properties"));
    assertTrue(global.getMessage().contains("max-entries"), global.getMessage());
    HttpCacheConfigException order = assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheSettings.fromProperties(Map.of("filter-order", "1"), "web.xml"));
    assertTrue(order.getMessage().contains("Spring Boot only"), order.getMessage());
    assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheSettings.fromProperties(Map.of("jmx", "yes"), "web.xml"));
  }

  @Test
  void malformedValuesFailWhenTheConfigurationIsBuilt() {
    assertMessage(Map.of("endpoints.u.path", "/u", "endpoints.u.ttl", "7200"), "larder.http.endpoints.u.ttl", "3600");
    assertMessage(Map.of("endpoints.u.path", "/u", "endpoints.u.ttl", "ten minutes"), "larder.http.endpoints.u.ttl", "not a duration");
    assertMessage(Map.of("endpoints.u.path", "/u", "endpoints.u.ttl", "0"), "larder.http.endpoints.u.ttl", "positive");
    assertMessage(Map.of("max-entry-bytes", "-5"), "larder.http.max-entry-bytes", "not a size");
    assertMessage(Map.of("max-entry-bytes", "0"), "larder.http.max-entry-bytes", "positive");
    assertMessage(Map.of("max-entries", "many"), "larder.http.max-entries", "whole number");
    assertMessage(Map.of("mode", "shared-later"), "larder.http.mode", "shared-later");
    assertMessage(Map.of("endpoints.u.path", "/u", "endpoints.u.authorization", "nobody"), "authorization", "per-principal");
    assertMessage(Map.of("endpoints.u.path", "u/{id"), "larder.http.endpoints.u.path", "starts with '/'");
    assertMessage(Map.of("endpoints.u.ttl", "60"), "larder.http.endpoints.u.path", "is missing");
  }

  private static void assertMessage(Map<String, String> props, String... parts) {
    HttpCacheConfigException e = assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheSettings.fromProperties(props, "test").toConfig());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }
}
