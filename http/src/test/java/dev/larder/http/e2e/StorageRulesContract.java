package dev.larder.http.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.EndpointStats;
import dev.larder.http.HttpResponseCache;
import dev.larder.http.Reason;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What is stored and what is not, over real HTTP: statuses, methods, cookies, Cache-Control, Vary,
 * credentials, size limits (the client always gets the whole response), HEAD, asynchronous
 * endpoints, 304s and malformed requests. Runs once per container (subclasses).
 */
public abstract class StorageRulesContract extends ServerFixture {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "500, status", "404, status", "206, status", "cookie, set-cookie", "cookie-header, set-cookie",
      "session, set-cookie", "no-store, response-no-store", "private, private", "no-cache, response-no-cache",
      "vary-star, vary-star", "event-stream, event-stream", "disable, disabled-by-endpoint", "throw, failed"})
  void responsesThatAreNotStored(String rule, String reason) {
    String path = "/rules/" + rule;
    long before = stats("rules").notStored().getOrDefault(reason, 0L);
    HttpResponse<byte[]> first = http.get(path);
    HttpResponse<byte[]> second = http.get(path);
    assertServed("MISS", first);
    assertServed("MISS", second);
    assertEquals(first.statusCode(), second.statusCode());
    assertEquals(2, app.servlet().runs(path), "the endpoint ran for both requests");
    assertEquals(before + 2, stats("rules").notStored().get(reason));
  }

  @Test
  void everySuccessfulStatusButPartialContentIsStored() {
    assertEquals(201, http.get("/rules/201").statusCode());
    HttpResponse<byte[]> hit = http.get("/rules/201");
    assertServed("HIT", hit);
    assertEquals(201, hit.statusCode());
    http.get("/rules/public");
    HttpResponse<byte[]> pub = http.get("/rules/public");
    assertServed("HIT", pub);
    assertEquals("public, max-age=60", pub.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void postRunsTheEndpointEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertServed("BYPASS", http.send(http.request("/users/post").POST(HttpRequest.BodyPublishers.ofString("b")).build()));
    }
    assertServed("MISS", http.get("/users/post"));
    assertEquals(3, app.servlet().runs("/users/post"));
  }

  @Test
  void requestsWithCredentialsBypassByDefault() {
    assertServed("MISS", http.get("/users/auth"));
    HttpResponse<byte[]> withToken = http.get("/users/auth", "Authorization", "Bearer secret");
    assertServed("BYPASS", withToken);
    assertTrue(Http.text(withToken).contains("\"run\":2"), "the stored response is not served to a caller with credentials");
    assertServed("HIT", http.get("/users/auth"));
    assertEquals(2, app.servlet().runs("/users/auth"));
  }

  @Test
  void sharedAndPerPrincipalEndpoints() {
    assertServed("MISS", http.get("/shared", "Authorization", "Bearer alice"));
    assertServed("HIT", http.get("/shared", "Authorization", "Bearer bob"));
    assertServed("HIT", http.get("/shared"));
    assertServed("MISS", http.get("/mine", "Authorization", "Bearer alice"));
    assertServed("MISS", http.get("/mine", "Authorization", "Bearer bob"));
    assertServed("HIT", http.get("/mine", "Authorization", "Bearer alice"));
    assertServed("MISS", http.get("/mine"));
    assertEquals(3, app.servlet().runs("/mine"));
    assertFalse(cache.cache().keys("*").anyMatch(k -> k.contains("alice")), "keys hold a digest, never the credential");
  }

  @Test
  void requestNoStoreAndRangeBypass() {
    assertServed("BYPASS", http.get("/users/ns", "Cache-Control", "no-store"));
    assertServed("MISS", http.get("/users/ns"));
    assertServed("BYPASS", http.get("/users/ns", "Range", "bytes=0-3"));
    assertEquals(3, app.servlet().runs("/users/ns"));
  }

  @Test
  void anOverLimitResponseArrivesWholeAndIsNotStored() {
    long before = stats("big").count(Reason.TOO_LARGE);
    for (int run = 1; run <= 2; run++) {
      HttpResponse<byte[]> r = http.get("/big?size=50000");
      assertServed("MISS", r);
      assertArrayEquals(BigBody.bytes(50_000), r.body());
      assertEquals(String.valueOf(run), r.headers().firstValue("X-Run").orElseThrow());
    }
    HttpResponse<byte[]> text = http.get("/big?size=30000&writer=true");
    assertArrayEquals(BigBody.writerBytes(30_000), text.body());
    assertServed("MISS", http.get("/big?size=30000&writer=true"));
    assertEquals(before + 4, stats("big").count(Reason.TOO_LARGE));
  }

  @Test
  void responsesUnderTheLimitAreStoredByteForByte() {
    HttpResponse<byte[]> binary = http.get("/big?size=9000");
    HttpResponse<byte[]> binaryHit = http.get("/big?size=9000");
    assertServed("HIT", binaryHit);
    assertArrayEquals(BigBody.bytes(9000), binaryHit.body());
    assertEquals(binary.headers().firstValue("Content-Type"), binaryHit.headers().firstValue("Content-Type"));
    http.get("/big?size=2000&writer=true");
    HttpResponse<byte[]> textHit = http.get("/big?size=2000&writer=true");
    assertServed("HIT", textHit);
    assertArrayEquals(BigBody.writerBytes(2000), textHit.body(), "multi-byte characters and surrogate pairs survive");
  }

  @Test
  void anOverLimitResponseIsStreamedWhileTheEndpointRuns() throws Exception {
    app.servlet().close();
    try {
      CompletableFuture<HttpResponse<InputStream>> pending = http.client().sendAsync(
          http.request("/big?size=200000&hold=true").build(), HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<InputStream> r = pending.get(30, TimeUnit.SECONDS); // headers arrived: the endpoint still holds
      byte[] first = r.body().readNBytes(8192);
      assertArrayEquals(java.util.Arrays.copyOf(BigBody.bytes(200_000), 8192), first,
          "the first bytes reach the client before the endpoint has finished");
      app.servlet().open();
      byte[] rest = r.body().readAllBytes();
      assertEquals(200_000 - 8192, rest.length);
    } finally {
      app.servlet().open();
    }
  }

  @Test
  void headIsAnsweredFromTheGetEntry() {
    HttpResponse<byte[]> headMiss = http.send(http.request("/users/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertServed("MISS", headMiss);
    HttpResponse<byte[]> get = http.get("/users/head");
    assertServed("MISS", get);
    HttpResponse<byte[]> head = http.send(http.request("/users/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertServed("HIT", head);
    assertEquals(0, head.body().length);
    assertEquals(String.valueOf(get.body().length), head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(2, app.servlet().runs("/users/head"), "the first HEAD ran the endpoint, the second did not");
  }

  @Test
  void varyHeadersKeepOneEntryPerValue() {
    assertServed("MISS", http.get("/vary/a", "Accept", "application/json"));
    assertServed("MISS", http.get("/vary/a", "Accept", "text/plain"));
    HttpResponse<byte[]> json = http.get("/vary/a", "Accept", "application/json");
    assertServed("HIT", json);
    assertTrue(Http.text(json).startsWith("accept=application/json run=1"), Http.text(json));
    HttpResponse<byte[]> text = http.get("/vary/a", "Accept", "text/plain");
    assertServed("HIT", text);
    assertTrue(Http.text(text).startsWith("accept=text/plain run=2"), Http.text(text));
    assertEquals("Accept", text.headers().firstValue("Vary").orElseThrow());
  }

  @Test
  void aVaryOnAHeaderTheEndpointDoesNotVaryOnIsNotStored() {
    long before = stats("vary").count(Reason.VARY_MISMATCH);
    assertServed("MISS", http.get("/vary/other"));
    assertServed("MISS", http.get("/vary/other"));
    assertEquals(before + 2, stats("vary").count(Reason.VARY_MISMATCH));
  }

  @Test
  void asynchronousEndpointsAreStored() {
    HttpResponse<byte[]> first = http.get("/async/wrapped");
    assertEquals("/async/wrapped async run=1", Http.text(first));
    Poll.until("the async response stored", Duration.ofSeconds(10), () -> stats("async").stores() >= 1);
    HttpResponse<byte[]> hit = http.get("/async/wrapped");
    assertServed("HIT", hit);
    assertEquals("/async/wrapped async run=1", Http.text(hit));
  }

  @Test
  void anAsynchronousEndpointWritingToTheUnwrappedResponseIsNotStored() {
    EndpointStats before = stats("async");
    for (int run = 1; run <= 2; run++) {
      HttpResponse<byte[]> r = http.get("/async/unwrapped");
      assertServed("MISS", r);
      assertEquals("/async/unwrapped async run=" + run, Http.text(r));
    }
    assertEquals(before.count(Reason.ASYNC_UNWRAPPED) + 2, stats("async").count(Reason.ASYNC_UNWRAPPED));
  }

  @Test
  void aMatchingIfNoneMatchIsAnswered304() {
    http.get("/rules/etag");
    HttpResponse<byte[]> notModified = http.get("/rules/etag", "If-None-Match", "W/\"v0\", \"v1\"");
    assertEquals(304, notModified.statusCode());
    assertServed("HIT", notModified);
    assertEquals("\"v1\"", notModified.headers().firstValue("ETag").orElseThrow());
    assertEquals(0, notModified.body().length);
    HttpResponse<byte[]> changed = http.get("/rules/etag", "If-None-Match", "\"v2\"");
    assertEquals(200, changed.statusCode());
    assertServed("HIT", changed);
    assertEquals(1, app.servlet().runs("/rules/etag"));
  }

  @Test
  void aResetDropsWhatTheEndpointDiscarded() {
    HttpResponse<byte[]> first = http.get("/rules/reset");
    assertServed("MISS", first);
    assertEquals("/rules/reset run=1", Http.text(first));
    HttpResponse<byte[]> hit = http.get("/rules/reset");
    assertServed("HIT", hit);
    assertEquals("/rules/reset run=1", Http.text(hit));
    assertTrue(hit.headers().firstValue("X-Before-Reset").isEmpty());
  }

  @Test
  void disabledEndpointsBypass() {
    HttpResponse<byte[]> r = http.get("/off");
    assertServed("BYPASS", r);
    assertEquals("larder; fwd=bypass; detail=disabled", Http.cacheStatus(r));
    assertServed("BYPASS", http.get("/off"));
    assertEquals(2, app.servlet().runs("/off"));
  }

  @Test
  void malformedAndOversizedRequestsPassThroughUntouched() {
    String malformed = http.raw("/items?broken=%zz");
    assertTrue(malformed.startsWith("HTTP/1.1 200"), malformed);
    assertTrue(malformed.contains("X-Cache: BYPASS") || malformed.contains("x-cache: BYPASS"), malformed);
    assertTrue(malformed.contains("larder; fwd=bypass; detail=malformed-request"), malformed);
    assertTrue(malformed.contains("\"query\":\"broken=%zz\""), "the endpoint saw the query as sent: " + malformed);
    HttpResponse<byte[]> huge = http.get("/items?q=" + "x".repeat(3000));
    assertServed("BYPASS", huge);
    assertEquals("larder; fwd=bypass; detail=key-too-large", Http.cacheStatus(huge));
    assertEquals(200, huge.statusCode());
  }

  @Test
  void onlyIfCachedNeverRunsTheEndpoint() {
    assertEquals(504, http.get("/users/oic", "Cache-Control", "only-if-cached").statusCode());
    assertEquals(0, app.servlet().runs("/users/oic"));
    http.get("/users/oic");
    HttpResponse<byte[]> hit = http.get("/users/oic", "Cache-Control", "only-if-cached");
    assertEquals(200, hit.statusCode());
    assertServed("HIT", hit);
  }

  @Test
  void afterTheLockTimeoutAWaiterRunsTheEndpointItself() throws Exception {
    try (HttpResponseCache quick = HttpResponseCache.create(config(cache.config().cacheName() + "-quick")
        .lockTimeout(Duration.ofMillis(300)).build(), manager)) {
      TestApp quickApp = new TestApp(quick);
      try (TestServer quickServer = servers().start(quickApp)) {
        Http client = new Http(quickServer.port());
        quickApp.servlet().close();
        CompletableFuture<HttpResponse<byte[]>> leader = client.client().sendAsync(
            client.request("/slow/hung?block=true").build(), HttpResponse.BodyHandlers.ofByteArray());
        Poll.until("the leader running", Duration.ofSeconds(30), () -> quickApp.servlet().runs("/slow/hung") == 1);
        HttpResponse<byte[]> waiter = client.get("/slow/hung");
        assertServed("MISS", waiter);
        assertEquals("larder; fwd=uri-miss; detail=wait-timeout", Http.cacheStatus(waiter));
        assertEquals("/slow/hung run=2", Http.text(waiter));
        quickApp.servlet().open();
        assertEquals("/slow/hung run=1", Http.text(leader.get(30, TimeUnit.SECONDS)));
      }
    }
  }
}
