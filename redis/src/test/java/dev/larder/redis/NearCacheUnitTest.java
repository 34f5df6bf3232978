package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The near cache's own rules, without Redis: the placeholder that keeps a read racing an
 * invalidation from installing what it read, the epoch that keeps a read begun before a lost
 * channel from installing after it, the bypass while the channel is down, and the bound.
 */
class NearCacheUnitTest {

  private static NearCache<String> valid(int capacity) {
    NearCache<String> near = new NearCache<>(capacity);
    near.established(System.nanoTime());
    return near;
  }

  private static NearCache.Entry<String> entry(String v) {
    return new NearCache.Entry<>(new dev.larder.engine.Holder<>(v, Long.MAX_VALUE), Long.MAX_VALUE);
  }

  @Test
  void aReadRacingAnInvalidationDoesNotInstallWhatItRead() {
    NearCache<String> near = valid(10);
    NearCache.Placeholder p = near.reserve("k");
    assertNotNull(p);
    near.invalidate("k"); // the change's report arrives before Redis's answer to the read
    near.install("k", p, entry("stale"));
    assertNull(near.get("k"));
    assertEquals(0, near.size(), "nothing left under the key");
  }

  @Test
  void aReadWithoutARaceInstallsAndIsServed() {
    NearCache<String> near = valid(10);
    near.install("k", near.reserve("k"), entry("v"));
    assertEquals("v", near.get("k").holder().value());
    near.invalidate("k");
    assertNull(near.get("k"));
  }

  @Test
  void aReadBegunBeforeTheChannelWasLostDoesNotInstallAfterItCameBack() {
    NearCache<String> near = valid(10);
    NearCache.Placeholder p = near.reserve("k");
    near.lost();
    near.established(System.nanoTime());
    near.install("k", p, entry("read before the loss"));
    assertNull(near.get("k"));
  }

  @Test
  void aLostChannelEmptiesTheCopyAndBypassesItUntilEstablished() {
    NearCache<String> near = valid(10);
    near.install("k", near.reserve("k"), entry("v"));
    near.lost();
    assertNull(near.get("k"));
    assertNull(near.reserve("j"), "no placeholders while the channel is down");
    near.established(System.nanoTime());
    assertNull(near.get("k"), "what was held before the loss is gone");
  }

  @Test
  void theCopyIsNotServedLongerThanTheStalenessBoundAfterTheLastHeartbeat() {
    NearCache<String> near = new NearCache<>(10);
    long longAgo = System.nanoTime() - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
        NearCache.STALENESS_MILLIS + 1);
    near.established(longAgo);
    assertTrue(!near.isValid());
    assertNull(near.reserve("k"));
    near.confirmed(System.nanoTime());
    assertTrue(near.isValid());
    long window = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(NearCache.WINDOW_MILLIS);
    near.check(System.nanoTime() + window - 1_000_000);
    assertTrue(near.isValid(), "still within the window of the last answered heartbeat");
    near.check(System.nanoTime() + window + 1_000_000);
    assertTrue(!near.isValid(), "a heartbeat past the window stops the copy being served");
    assertNull(near.reserve("k"));
  }

  @Test
  void aSecondReaderOfTheSameMissDoesNotInstall() {
    NearCache<String> near = valid(10);
    NearCache.Placeholder first = near.reserve("k");
    assertNull(near.reserve("k"));
    near.install("k", first, entry("v"));
    assertEquals("v", near.get("k").holder().value());
  }

  @Test
  void theCopyHoldsAtMostItsCapacity() {
    NearCache<String> near = valid(16);
    for (int i = 0; i < 1_000; i++) {
      near.install("k" + i, near.reserve("k" + i), entry("v" + i));
    }
    assertTrue(near.size() <= 16, "held " + near.size());
    assertEquals("v999", near.get("k999").holder().value());
  }

  /**
   * Many readers and one invalidator on a few keys: a reader installs the version it read only if no
   * invalidation of a later version came in between, so after the last invalidation every key holds
   * the last version or nothing.
   */
  @Test
  void underContentionNothingOlderThanTheLastInvalidationSurvives() throws InterruptedException {
    NearCache<String> near = valid(64);
    int keys = 4;
    AtomicLong[] versions = new AtomicLong[keys];
    for (int i = 0; i < keys; i++) {
      versions[i] = new AtomicLong();
    }
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long end = System.nanoTime() + 500_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int seed = t;
      threads.add(new Thread(() -> {
        try {
          start.await();
          int n = seed;
          while (System.nanoTime() < end) {
            int k = n++ % keys;
            if (near.get("k" + k) == null) {
              NearCache.Placeholder p = near.reserve("k" + k);
              String read = Long.toString(versions[k].get()); // "Redis" answers the version now
              Thread.yield();
              near.install("k" + k, p, entry(read));
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }));
    }
    threads.add(new Thread(() -> {
      try {
        start.await();
        while (System.nanoTime() < end) {
          for (int k = 0; k < keys; k++) {
            versions[k].incrementAndGet(); // the change, then its report
            near.invalidate("k" + k);
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }));
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertNull(failure.get());
    for (int k = 0; k < keys; k++) {
      NearCache.Entry<String> held = near.get("k" + k);
      if (held != null) {
        assertEquals(Long.toString(versions[k].get()), held.holder().value(), "key k" + k);
      }
    }
  }
}
