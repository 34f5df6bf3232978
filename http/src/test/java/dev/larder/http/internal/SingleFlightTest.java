package dev.larder.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.CachedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  private static final CachedResponse RESPONSE = new CachedResponse(200, "text/plain", List.of(), new byte[] {1}, 0, 1);

  @Test
  void manyThreadsClaimingOneKeyGetOneLeaderAndTheLeadersResponse() throws Exception {
    SingleFlight flights = new SingleFlight(TimeUnit.SECONDS.toNanos(30));
    int threads = 64;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch claimed = new CountDownLatch(threads);
    AtomicInteger leaders = new AtomicInteger();
    List<Future<CachedResponse>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          start.await();
          SingleFlight.Flight f = flights.claim("k");
          claimed.countDown();
          if (f.leader()) {
            leaders.incrementAndGet();
            assertTrue(claimed.await(30, TimeUnit.SECONDS), "every thread claimed while the leader runs");
            f.finish(RESPONSE);
            return RESPONSE;
          }
          return f.await();
        }));
      }
      start.countDown();
      for (Future<CachedResponse> r : results) {
        assertSame(RESPONSE, r.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, leaders.get());
    assertEquals(0, flights.inFlight(), "a finished flight is forgotten");
  }

  @Test
  void aFollowerGivesUpAfterTheTimeout() {
    SingleFlight flights = new SingleFlight(TimeUnit.MILLISECONDS.toNanos(50));
    SingleFlight.Flight leader = flights.claim("k");
    SingleFlight.Flight follower = flights.claim("k");
    assertTrue(leader.leader());
    assertFalse(follower.leader());
    assertNull(follower.await());
    assertFalse(follower.done());
  }

  @Test
  void aFlightOlderThanTheTimeoutNoLongerHoldsNewcomersBack() throws Exception {
    SingleFlight flights = new SingleFlight(TimeUnit.MILLISECONDS.toNanos(20));
    SingleFlight.Flight hung = flights.claim("k");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    SingleFlight.Flight next = flights.claim("k");
    while (!next.leader() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      next = flights.claim("k");
    }
    assertTrue(next.leader(), "a newcomer takes over a flight past the timeout");
    assertNotSame(hung, next);
    hung.finish(null); // the old leader finishing must not remove the new flight
    assertEquals(1, flights.inFlight());
    next.finish(RESPONSE);
    assertEquals(0, flights.inFlight());
  }

  @Test
  void aLeaderThatStoresNothingReleasesItsFollowersEmptyHanded() {
    SingleFlight flights = new SingleFlight(TimeUnit.SECONDS.toNanos(30));
    SingleFlight.Flight leader = flights.claim("k");
    SingleFlight.Flight follower = flights.claim("k");
    leader.finish(null);
    assertNull(follower.await());
    assertTrue(follower.done());
    assertTrue(flights.claim("k").leader());
  }
}
