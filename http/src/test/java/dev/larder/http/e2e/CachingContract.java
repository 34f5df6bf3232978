package dev.larder.http.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.EndpointStats;
import dev.larder.http.management.HttpCacheBeans;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * What a user of a cached endpoint sees over real HTTP: hits after misses, expiry, keys, client
 * revalidation, one run for concurrent misses, clearing, markers and counts. Runs once per
 * container (subclasses).
 */
public abstract class CachingContract extends ServerFixture {

  @Test
  void aHitAfterAMissDoesNotRunTheEndpoint() {
    HttpResponse<byte[]> first = http.get("/users/1");
    assertEquals(200, first.statusCode());
    assertServed("MISS", first);
    assertEquals("larder; fwd=uri-miss", Http.cacheStatus(first));
    HttpResponse<byte[]> second = http.get("/users/1");
    assertServed("HIT", second);
    assertEquals("larder; hit; ttl=600", Http.cacheStatus(second));
    assertEquals("0", second.headers().firstValue("Age").orElseThrow());
    assertEquals(Http.text(first), Http.text(second));
    assertTrue(Http.text(second).contains("\"run\":1"), Http.text(second));
    assertEquals(first.headers().firstValue("Content-Type"), second.headers().firstValue("Content-Type"));
    assertEquals("yes", second.headers().firstValue("X-App").orElseThrow(), "the endpoint's own header is replayed");
    assertEquals(String.valueOf(first.body().length), second.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(1, app.servlet().runs("/users/1"));
  }

  @Test
  void entriesExpireAfterTheEndpointsTtl() {
    assertServed("MISS", http.get("/users/ttl"));
    clock.advance(Duration.ofSeconds(599));
    HttpResponse<byte[]> old = http.get("/users/ttl");
    assertServed("HIT", old);
    assertEquals("599", old.headers().firstValue("Age").orElseThrow());
    assertEquals("larder; hit; ttl=1", Http.cacheStatus(old));
    clock.advance(Duration.ofSeconds(2));
    HttpResponse<byte[]> fresh = http.get("/users/ttl");
    assertServed("MISS", fresh);
    assertTrue(Http.text(fresh).contains("\"run\":2"));
    assertServed("HIT", http.get("/users/ttl"));
    assertEquals(2, app.servlet().runs("/users/ttl"));
  }

  @Test
  void eachPathIsItsOwnEntry() {
    assertServed("MISS", http.get("/users/3"));
    assertServed("MISS", http.get("/users/4"));
    assertServed("HIT", http.get("/users/3"));
    assertServed("HIT", http.get("/users/4"));
    assertEquals(1, app.servlet().runs("/users/3"));
    assertEquals(1, app.servlet().runs("/users/4"));
  }

  @Test
  void queryParametersFormTheKeyInAnyOrder() {
    assertServed("MISS", http.get("/items?a=1&b=2"));
    assertServed("HIT", http.get("/items?b=2&a=1"));
    assertServed("HIT", http.get("/items?a=%31&b=2"));
    assertServed("MISS", http.get("/items?a=1&b=3"));
    assertServed("MISS", http.get("/items?b=2&a=1&c"));
    assertServed("MISS", http.get("/items"));
    assertEquals(4, app.servlet().runs("/items"));
  }

  @Test
  void onlyTheSelectedQueryParametersFormTheKey() {
    assertServed("MISS", http.get("/search?q=larder&utm_source=mail"));
    assertServed("HIT", http.get("/search?utm_source=feed&q=larder"));
    assertServed("MISS", http.get("/search?q=cache"));
    assertEquals(2, app.servlet().runs("/search"));
  }

  @Test
  void maxAgeZeroNoCacheAndPragmaRunTheEndpointAndReplaceTheEntry() {
    long refreshes = stats("users").refreshes();
    assertServed("MISS", http.get("/users/5"));
    HttpResponse<byte[]> refreshed = http.get("/users/5", "Cache-Control", "max-age=0");
    assertServed("REFRESH", refreshed);
    assertEquals("larder; fwd=request", Http.cacheStatus(refreshed));
    assertTrue(Http.text(refreshed).contains("\"run\":2"));
    HttpResponse<byte[]> after = http.get("/users/5");
    assertServed("HIT", after);
    assertEquals(Http.text(refreshed), Http.text(after), "the refresh replaced the entry");
    assertServed("REFRESH", http.get("/users/5", "Cache-Control", "no-cache"));
    assertServed("REFRESH", http.get("/users/5", "Pragma", "no-cache"));
    assertTrue(Http.text(http.get("/users/5")).contains("\"run\":4"));
    assertEquals(4, app.servlet().runs("/users/5"));
    assertEquals(refreshes + 3, stats("users").refreshes());
  }

  @Test
  void maxAgeAboveZeroAcceptsEntriesYoungEnough() {
    assertServed("MISS", http.get("/users/6"));
    clock.advance(Duration.ofSeconds(30));
    assertServed("HIT", http.get("/users/6", "Cache-Control", "max-age=60"));
    assertServed("REFRESH", http.get("/users/6", "Cache-Control", "max-age=10"));
    assertEquals(2, app.servlet().runs("/users/6"));
  }

  @Test
  void anEndpointMayIgnoreClientRevalidation() {
    assertServed("MISS", http.get("/fixed"));
    assertServed("HIT", http.get("/fixed", "Cache-Control", "max-age=0"));
    assertServed("HIT", http.get("/fixed", "Pragma", "no-cache"));
    assertEquals(1, app.servlet().runs("/fixed"));
  }

  @Test
  void fiftyConcurrentMissesRunTheEndpointOnce() throws Exception {
    EndpointStats before = stats("slow");
    app.servlet().close();
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        responses.add(http.client().sendAsync(http.request("/slow/fifty?block=true").build(),
            HttpResponse.BodyHandlers.ofByteArray()));
      }
      Poll.until("49 requests waiting behind the one running the endpoint", Duration.ofSeconds(30),
          () -> stats("slow").waiting() + "/" + app.servlet().runs("/slow/fifty"), "49/1"::equals);
    } finally {
      app.servlet().open();
    }
    int misses = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : responses) {
      HttpResponse<byte[]> r = f.get(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertEquals("/slow/fifty run=1", Http.text(r));
      misses += "MISS".equals(Http.xCache(r)) ? 1 : 0;
    }
    assertEquals(1, misses);
    assertEquals(1, app.servlet().runs("/slow/fifty"));
    EndpointStats after = stats("slow");
    assertEquals(before.misses() + 1, after.misses());
    assertEquals(before.collapsed() + 49, after.collapsed());
    assertEquals(before.stores() + 1, after.stores());
    assertServed("HIT", http.get("/slow/fifty"));
  }

  @Test
  void aFloodOfRefreshesRunsTheEndpointOnceAtATime() throws Exception {
    assertServed("MISS", http.get("/slow/flood"));
    app.servlet().close();
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        responses.add(http.client().sendAsync(http.request("/slow/flood?block=true")
            .header("Cache-Control", "max-age=0").build(), HttpResponse.BodyHandlers.ofByteArray()));
      }
      Poll.until("19 refreshes waiting behind one", Duration.ofSeconds(30),
          () -> stats("slow").waiting() + "/" + app.servlet().runs("/slow/flood"), "19/2"::equals);
    } finally {
      app.servlet().open();
    }
    for (CompletableFuture<HttpResponse<byte[]>> f : responses) {
      assertEquals("/slow/flood run=2", Http.text(f.get(30, TimeUnit.SECONDS)));
    }
    assertEquals(2, app.servlet().runs("/slow/flood"));
    assertEquals(1, app.servlet().maxConcurrent("/slow/flood"));
    assertEquals("/slow/flood run=2", Http.text(http.get("/slow/flood")));
  }

  @Test
  void clearingRemovesOneUrlOneEndpointOrEverything() {
    for (String path : List.of("/users/10", "/users/11", "/items?clear=1")) {
      assertServed("MISS", http.get(path));
      assertServed("HIT", http.get(path));
    }
    assertEquals(1, cache.clearEntry("/users/10"));
    assertServed("MISS", http.get("/users/10"));
    assertServed("HIT", http.get("/users/11"));
    assertTrue(cache.clearEndpoint("users") >= 2);
    assertServed("MISS", http.get("/users/11"));
    assertServed("HIT", http.get("/items?clear=1"), "another endpoint keeps its entries");
    assertTrue(cache.clearAll() >= 2);
    assertServed("MISS", http.get("/items?clear=1"));
    assertServed("MISS", http.get("/users/10"));
  }

  @Test
  void jmxShowsTheCountsAndClears() throws Exception {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    String name = cache.config().cacheName();
    assertServed("MISS", http.get("/users/20"));
    assertServed("HIT", http.get("/users/20"));
    ObjectName users = HttpCacheBeans.endpointName(name, "users");
    assertEquals(stats("users").hits(), jmx.getAttribute(users, "Hits"));
    assertEquals("/users/{id}", jmx.getAttribute(users, "Path"));
    assertEquals(600L, jmx.getAttribute(users, "TtlSeconds"));
    assertEquals(1L, jmx.invoke(HttpCacheBeans.cacheName(name), "clearEntry", new Object[] {"/users/20"},
        new String[] {String.class.getName()}));
    assertServed("MISS", http.get("/users/20"));
    assertTrue((Long) jmx.invoke(users, "clear", new Object[0], new String[0]) >= 1);
    assertServed("MISS", http.get("/users/20"));
  }

  @Test
  void markersAndRequestAttributesSayHowEachRequestWasServed() {
    http.get("/users/30", "X-Request-Id", "m1");
    assertEquals("MISS stored users", logged("m1"));
    http.get("/users/30", "X-Request-Id", "m2");
    assertEquals("HIT null users", logged("m2"));
    HttpResponse<byte[]> post = http.send(http.request("/users/30").header("X-Request-Id", "m3")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertServed("BYPASS", post);
    assertEquals("larder; fwd=bypass; detail=method", Http.cacheStatus(post));
    assertEquals("BYPASS method users", logged("m3"));
    HttpResponse<byte[]> other = http.get("/not-cached", "X-Request-Id", "m4");
    assertNull(Http.xCache(other), "paths of no endpoint are not marked");
    assertNull(Http.cacheStatus(other));
    assertEquals("null null null", logged("m4"));
  }

  /** The client may have the response before the filter chain has unwound: wait for the log line. */
  private String logged(String requestId) {
    Poll.until("the access log line of " + requestId, Duration.ofSeconds(10), () -> app.accessLog().line(requestId) != null);
    return app.accessLog().line(requestId);
  }

  @Test
  void countsPerEndpoint() {
    EndpointStats before = stats("items");
    http.get("/items?count=1");
    http.get("/items?count=1");
    http.send(http.request("/items?count=1").POST(HttpRequest.BodyPublishers.noBody()).build());
    http.get("/items?count=1", "Authorization", "Bearer token");
    http.get("/items?count=1", "Cache-Control", "no-store");
    EndpointStats after = stats("items");
    assertEquals(before.misses() + 1, after.misses());
    assertEquals(before.hits() + 1, after.hits());
    assertEquals(before.stores() + 1, after.stores());
    assertTrue(after.storedBytes() > before.storedBytes());
    assertEquals(before.bypasses().getOrDefault("method", 0L) + 1, after.bypasses().get("method"));
    assertEquals(before.bypasses().getOrDefault("authorization", 0L) + 1, after.bypasses().get("authorization"));
    assertEquals(before.bypasses().getOrDefault("request-no-store", 0L) + 1, after.bypasses().get("request-no-store"));
    assertTrue(cache.entries("items") >= 1);
  }
}
