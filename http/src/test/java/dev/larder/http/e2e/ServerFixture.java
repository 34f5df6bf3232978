package dev.larder.http.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.engine.ManualClock;
import dev.larder.http.AuthorizedRequests;
import dev.larder.http.EndpointConfig;
import dev.larder.http.EndpointStats;
import dev.larder.http.HttpCacheConfig;
import dev.larder.http.HttpResponseCache;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One server per test class, serving {@link TestApp} through a filter over a volatile Larder cache
 * whose manager reads a {@link ManualClock}: tests move time instead of sleeping. Tests use
 * distinct paths, so they do not see each other's entries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerFixture {

  protected final ManualClock clock = new ManualClock();
  protected CacheManager manager;
  protected HttpResponseCache cache;
  protected TestApp app;
  protected TestServer server;
  protected Http http;

  /** @return how to start the container under test */
  protected abstract TestServer.Factory servers();

  /** The endpoints of the test application. */
  public static HttpCacheConfig.Builder config(String cacheName) {
    return HttpCacheConfig.builder().cacheName(cacheName).maxKeyBytes(2048).lockTimeout(Duration.ofSeconds(30))
        .endpoint(EndpointConfig.builder("users", "/users/{id}").build())
        .endpoint(EndpointConfig.builder("items", "/items").build())
        .endpoint(EndpointConfig.builder("search", "/search").queryParams("q").build())
        .endpoint(EndpointConfig.builder("slow", "/slow/{id}").queryParams().build())
        .endpoint(EndpointConfig.builder("big", "/big").build())
        .endpoint(EndpointConfig.builder("rules", "/rules/{rule}").build())
        .endpoint(EndpointConfig.builder("vary", "/vary/*").varyHeaders("Accept").build())
        .endpoint(EndpointConfig.builder("async", "/async/{mode}").build())
        .endpoint(EndpointConfig.builder("shared", "/shared").authorization(AuthorizedRequests.SHARED).build())
        .endpoint(EndpointConfig.builder("mine", "/mine").authorization(AuthorizedRequests.PER_PRINCIPAL).build())
        .endpoint(EndpointConfig.builder("off", "/off").enabled(false).build())
        .endpoint(EndpointConfig.builder("fixed", "/fixed").revalidation(false).ttl(Duration.ofSeconds(60)).build());
  }

  @BeforeAll
  void startServer() throws Exception {
    Properties props = new Properties();
    props.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    String name = getClass().getSimpleName();
    manager = Caching.getCachingProvider(LarderCachingProvider.class.getName())
        .getCacheManager(URI.create("larder:" + name), getClass().getClassLoader(), props);
    cache = HttpResponseCache.create(config(name).build(), manager);
    app = new TestApp(cache);
    server = servers().start(app);
    http = new Http(server.port());
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (cache != null) {
      cache.close();
    }
    if (manager != null) {
      manager.close();
    }
  }

  protected EndpointStats stats(String endpoint) {
    return cache.stats(endpoint);
  }

  protected static void assertServed(String expected, HttpResponse<?> response) {
    assertServed(expected, response, "");
  }

  protected static void assertServed(String expected, HttpResponse<?> response, String why) {
    assertEquals(expected, Http.xCache(response), () -> "X-Cache of " + response.uri() + " (Cache-Status: "
        + Http.cacheStatus(response) + ") " + why);
  }
}
