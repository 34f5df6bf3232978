package dev.larder.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recipes of docs/recipes.md, each run as written there. */
class RecipesTest {

  record Session(String caller, long startedAt) implements Serializable {}

  record Customer(String phone, String name) implements Serializable {}

  private final ManualClock clock = new ManualClock();
  private CacheManager manager;

  @BeforeEach
  void setUp() {
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    manager = new LarderCachingProvider().getCacheManager(URI.create("test:recipes"), getClass().getClassLoader(),
        properties);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private <V> LarderCache<String, V> cache(String name, Class<V> type) {
    return LarderCache.of(manager.createCache(name, new LarderConfiguration<String, V>().setTypes(String.class, type)));
  }

  @Test
  void sessionStorage() {
    LarderCache<String, Session> sessions = cache("sessions", Session.class);
    // on the first callback of a call
    sessions.put("session:call-1", new Session("+4412345", clock.millis()), Duration.ofMinutes(10));
    // on every later callback: read it, and keep it alive while the call is active
    Session s = sessions.get("session:call-1");
    sessions.extend("session:call-1", Duration.ofMinutes(5));
    assertEquals("+4412345", s.caller());
    assertEquals(Duration.ofMinutes(15), sessions.ttl("session:call-1").orElseThrow());
    // operators can list the open sessions
    assertEquals(List.of("session:call-1"), sessions.keys("session:*").toList());
    clock.advance(Duration.ofMinutes(15));
    assertNull(sessions.get("session:call-1"));
  }

  /** Allows at most {@code limit} calls per caller per hour. */
  static boolean isRateLimited(LarderCache<String, Integer> counters, String caller, int limit) {
    int calls = counters.merge("rate:" + caller, 1, Integer::sum, Duration.ofHours(1));
    return calls > limit;
  }

  @Test
  void rateLimiting() {
    LarderCache<String, Integer> counters = cache("rate", Integer.class);
    for (int i = 0; i < 10; i++) {
      assertFalse(isRateLimited(counters, "alice", 10));
    }
    assertTrue(isRateLimited(counters, "alice", 10));
    assertFalse(isRateLimited(counters, "bob", 10));
    clock.advance(Duration.ofHours(1));
    assertFalse(isRateLimited(counters, "alice", 10));
  }

  @Test
  void callerLookupCaching() {
    LarderCache<String, Customer> customers = cache("customers", Customer.class);
    AtomicInteger apiCalls = new AtomicInteger();
    java.util.function.Function<String, Customer> fetchFromCrm = phone -> {
      apiCalls.incrementAndGet();
      return phone.equals("+4400000") ? null : new Customer(phone, "Alice");
    };
    String phone = "+4412345";
    Customer first = customers.getOrCompute("customer:" + phone, k -> fetchFromCrm.apply(phone), Duration.ofMinutes(5));
    Customer again = customers.getOrCompute("customer:" + phone, k -> fetchFromCrm.apply(phone), Duration.ofMinutes(5));
    assertEquals("Alice", first.name());
    assertEquals(first, again);
    assertEquals(1, apiCalls.get());
    // unknown callers are not cached: the next call asks the CRM again
    assertNull(customers.getOrCompute("customer:+4400000", k -> fetchFromCrm.apply("+4400000"), Duration.ofMinutes(5)));
    assertNull(customers.getOrCompute("customer:+4400000", k -> fetchFromCrm.apply("+4400000"), Duration.ofMinutes(5)));
    assertEquals(3, apiCalls.get());
  }

  /** Processes a webhook delivery once, however often it is delivered within a day. */
  static boolean handleWebhook(LarderCache<String, String> seen, String deliveryId, Runnable work) {
    if (!seen.putIfAbsent("webhook:" + deliveryId, "done", Duration.ofDays(1))) {
      return false; // a duplicate: already handled
    }
    work.run();
    return true;
  }

  @Test
  void webhookIdempotency() {
    LarderCache<String, String> seen = cache("webhooks", String.class);
    AtomicInteger processed = new AtomicInteger();
    assertTrue(handleWebhook(seen, "evt_1", processed::incrementAndGet));
    assertFalse(handleWebhook(seen, "evt_1", processed::incrementAndGet));
    assertTrue(handleWebhook(seen, "evt_2", processed::incrementAndGet));
    assertEquals(2, processed.get());
  }

  @Test
  void cachingAnExternalApiResponse() {
    LarderCache<String, String> responses = cache("api", String.class);
    AtomicInteger requests = new AtomicInteger();
    java.util.function.Function<String, String> callApi = path -> "{\"users\":" + requests.incrementAndGet() + "}";

    LarderCache.Lookup<String> first = responses.lookup("GET /users", callApi, Duration.ofHours(24));
    LarderCache.Lookup<String> second = responses.lookup("GET /users", callApi, Duration.ofHours(24));
    assertFalse(first.cached());
    assertTrue(second.cached()); // log it as "cached"
    assertEquals(first.value(), second.value());

    // a client asked to revalidate (Cache-Control: max-age=0): fetch anew and replace the entry
    responses.put("GET /users", callApi.apply("GET /users"), Duration.ofHours(24));
    assertEquals("{\"users\":2}", responses.get("GET /users"));
    assertEquals(2, requests.get());
  }
}
