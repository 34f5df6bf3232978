package dev.larder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The programmatic configuration: defaults and the start-up errors. */
class ConfigTest {

  @Test
  void defaultsAreTheSeedsRules() {
    EndpointConfig e = EndpointConfig.builder("users", "/users/{id}").build();
    assertEquals(Duration.ofSeconds(600), e.ttl());
    assertTrue(e.enabled());
    assertNull(e.queryParams(), "every query parameter forms the key");
    assertEquals(List.of(), e.varyHeaders());
    assertEquals(AuthorizedRequests.BYPASS, e.authorization());
    assertTrue(e.revalidation());
    HttpCacheConfig c = HttpCacheConfig.builder().endpoint(e).build();
    assertEquals("larder-http", c.cacheName());
    assertEquals(10_000, c.maxEntries());
    assertEquals(10 * 1024, c.maxKeyBytes());
    assertEquals(10 * 1024, c.maxEntryBytes());
    assertEquals(Duration.ofSeconds(5), c.lockTimeout());
    assertTrue(c.cacheStatusHeader() && c.xCacheHeader() && c.jmx());
    assertNull(c.mode());
  }

  @Test
  void aTtlOverAnHourIsRefusedNamingTheProperty() {
    EndpointConfig.builder("ok", "/ok").ttl(Duration.ofSeconds(3600)).build();
    HttpCacheConfigException e = assertThrows(HttpCacheConfigException.class,
        () -> EndpointConfig.builder("users", "/users/{id}").ttl(Duration.ofSeconds(3601)).build());
    assertTrue(e.getMessage().contains("larder.http.endpoints.users.ttl"), e.getMessage());
    assertTrue(e.getMessage().contains("3601 s") && e.getMessage().contains("3600"), e.getMessage());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("z", "/z").ttl(Duration.ofMillis(500)).build());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("z", "/z").ttl(null).build());
  }

  @Test
  void badNamesHeadersAndQueryListsAreRefused() {
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("a|b", "/x").build());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("", "/x").build());
    HttpCacheConfigException vary = assertThrows(HttpCacheConfigException.class,
        () -> EndpointConfig.builder("v", "/v").varyHeaders("Accept Language").build());
    assertTrue(vary.getMessage().contains("larder.http.endpoints.v.vary-headers"), vary.getMessage());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("v", "/v").varyHeaders("*").build());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("q", "/q").queryParams("*", "id").build());
    assertThrows(HttpCacheConfigException.class, () -> EndpointConfig.builder("q", "/q").queryParams("").build());
    assertEquals(List.of("a", "b"), EndpointConfig.builder("q", "/q").queryParams("b", "a").build().queryParams());
    assertEquals(List.of("accept", "accept-language"),
        EndpointConfig.builder("v", "/v").varyHeaders("Accept-Language", "ACCEPT").build().varyHeaders());
  }

  @Test
  void limitsMustBePositiveAndBounded() {
    EndpointConfig e = EndpointConfig.builder("e", "/e").build();
    HttpCacheConfigException negative = assertThrows(HttpCacheConfigException.class,
        () -> HttpCacheConfig.builder().endpoint(e).maxEntryBytes(-1).build());
    assertTrue(negative.getMessage().contains("larder.http.max-entry-bytes"), negative.getMessage());
    assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder().maxKeyBytes(0).build());
    assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder().maxKeyBytes(65 * 1024 * 1024).build());
    assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder().maxEntries(0).build());
    assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder().lockTimeout(Duration.ZERO).build());
    assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder().cacheName(" ").build());
  }

  @Test
  void endpointsMustHaveDistinctNamesAndPatterns() {
    HttpCacheConfigException twice = assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder()
        .endpoint(EndpointConfig.builder("users", "/users/{id}").build())
        .endpoint(EndpointConfig.builder("users", "/people/{id}").build()).build());
    assertTrue(twice.getMessage().contains("configured twice"), twice.getMessage());
    HttpCacheConfigException same = assertThrows(HttpCacheConfigException.class, () -> HttpCacheConfig.builder()
        .endpoint(EndpointConfig.builder("a", "/users/{id}").build())
        .endpoint(EndpointConfig.builder("b", "/users/{name}").build()).build());
    assertTrue(same.getMessage().contains("match the same paths"), same.getMessage());
  }
}
