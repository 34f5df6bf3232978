package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.ChildJvm;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two JVMs ({@link SharedChild}) on one Redis, as two instances of an application: entries shared,
 * one computation per key across the JVMs, exact counters, one idempotency winner, events seen
 * across JVMs, each expiry reported once, and the takeover of a computation whose JVM died.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiJvmTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long LEASE_MILLIS = 1_000;
  private static RedisServer server;
  private static ChildJvm a;
  private static ChildJvm b;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    a = new ChildJvm(SharedChild.class, server.uri(), "multi", Long.toString(LEASE_MILLIS));
    b = new ChildJvm(SharedChild.class, server.uri(), "multi", Long.toString(LEASE_MILLIS));
    a.await("ready", START);
    b.await("ready", START);
  }

  @AfterAll
  static void stop() {
    try {
      a.close();
      b.close();
    } finally {
      server.close();
    }
  }

  @Test
  @Order(1)
  void whatOneJvmWritesTheOtherReads() {
    a.send("put greeting hello");
    a.await("put", WAIT);
    b.send("get greeting");
    assertEquals("got greeting hello", b.await("got", WAIT));
  }

  @Test
  @Order(2)
  void eachKeyIsComputedOnceAcrossJvms() {
    a.send("race 6 8 report- 400");
    b.send("race 6 8 report- 400");
    a.await("raced", WAIT);
    b.await("raced", WAIT);
    List<String> computed = new ArrayList<>(a.take("computing"));
    computed.addAll(b.take("computing"));
    assertEquals(8, computed.size(), "8 keys, 12 threads in 2 JVMs asking for each: " + computed);
    assertEquals(8, new HashSet<>(computed).size());
    assertTrue(a.take("wrong").isEmpty() && b.take("wrong").isEmpty() && a.take("failed").isEmpty()
        && b.take("failed").isEmpty(), "every caller got the computed value");
  }

  @Test
  @Order(3)
  void countersAreExactUnderContentionFromBothJvms() {
    a.send("count 4 100 hits");
    b.send("count 4 100 hits");
    a.await("counted", WAIT);
    b.await("counted", WAIT);
    try (Instances here = new Instances()) {
      CacheManager manager = here.managerAt("urn:larder:multi-jvm", server.uri(), "multi");
      LarderCache<String, Integer> counters = LarderCache.of(manager.createCache("counters",
          new LarderConfiguration<String, Integer>().setTypes(String.class, Integer.class)));
      assertEquals(800, counters.get("hits"), "2 JVMs x 4 threads x 100 increments, none lost");
    }
    assertTrue(a.take("failed").isEmpty() && b.take("failed").isEmpty());
  }

  @Test
  @Order(4)
  void oneJvmWinsAnIdempotencyKey() {
    for (int round = 0; round < 3; round++) {
      a.send("idem 8 webhook-" + round);
      b.send("idem 8 webhook-" + round);
      int won = Integer.parseInt(a.await("won", WAIT).split(" ")[1]) + Integer.parseInt(b.await("won", WAIT).split(" ")[1]);
      assertEquals(1, won, "16 threads in 2 JVMs, one winner for webhook-" + round);
    }
  }

  @Test
  @Order(5)
  void listenersSeeTheOtherJvmsChanges() {
    b.send("listen");
    b.await("listening", WAIT);
    a.send("put order-7 placed");
    a.await("put", WAIT);
    a.send("put order-7 shipped");
    a.await("put", WAIT);
    assertEquals("event CREATED order-7 placed", b.await("event CREATED order-7", WAIT));
    assertEquals("event UPDATED order-7 shipped", b.await("event UPDATED order-7", WAIT));
  }

  @Test
  @Order(6)
  void eachExpiryIsReportedOnceToEachJvm() {
    a.send("listen");
    a.await("listening", WAIT);
    for (int i = 0; i < 10; i++) {
      (i % 2 == 0 ? a : b).send("put session-" + i + " user" + i + " 300");
      (i % 2 == 0 ? a : b).await("put", WAIT);
    }
    for (ChildJvm child : List.of(a, b)) {
      for (int i = 0; i < 10; i++) {
        child.await("event EXPIRED session-" + i + " user" + i, WAIT);
      }
    }
    RedisServer.sleepQuietly(1_500); // room for a second report of any expiry, which must not come
    assertEquals(List.of(), a.take("event EXPIRED"), "no expiry reported twice to a");
    assertEquals(List.of(), b.take("event EXPIRED"), "no expiry reported twice to b");
  }

  @Test
  @Order(7)
  void anotherJvmTakesOverTheComputationOfAJvmThatDied() {
    a.send("hang slow0");
    a.await("computing slow0", WAIT);
    b.send("race 2 1 slow 10");
    RedisServer.sleepQuietly(300);
    assertEquals(List.of(), b.take("computing"), "b waits for a's computation while a lives");
    long killed = System.nanoTime();
    a.kill();
    assertEquals("computing slow0", b.await("computing slow0", WAIT), "b takes over once a's lease runs out");
    long waited = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("takeover: b computed " + waited + " ms after a was killed (lease " + LEASE_MILLIS + " ms)");
    b.await("raced", WAIT);
    assertTrue(waited < LEASE_MILLIS + 5_000, "taken over within the lease (and polling): " + waited + " ms");
    assertEquals(List.of(), b.take("computing"), "one of b's two threads computed, the other joined it");
    b.send("get slow0");
    assertTrue(b.await("got slow0", WAIT).startsWith("got slow0 value of slow0 from"));
  }
}
