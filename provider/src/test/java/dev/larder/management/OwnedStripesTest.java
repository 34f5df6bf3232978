package dev.larder.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnedStripesTest {

  /**
   * Many more threads than stripes, all adding to the same counters at once: some own a stripe,
   * the others share the fallback adders. Every add is counted once the threads are joined.
   */
  @Test
  void concurrentAddsOfManyMoreThreadsThanStripesAreExactOnceTheyAreJoined() throws Exception {
    OwnedStripes counts = new OwnedStripes(3);
    int threads = OwnedStripes.stripes(Runtime.getRuntime().availableProcessors()) * 3 + 5;
    int adds = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        await(start);
        for (int i = 0; i < adds; i++) {
          counts.add(0, 1);
          counts.add(1, n);
          if ((i & 1) == 0) {
            counts.add(2, -2);
          }
        }
      });
      thread.start();
      started.add(thread);
    }
    start.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    assertEquals((long) threads * adds, counts.sum(0));
    assertEquals((long) adds * threads * (threads - 1) / 2, counts.sum(1));
    assertEquals(-2L * threads * (adds / 2), counts.sum(2));
  }

  /** Stripes claimed by threads that have ended keep their counts, and later threads still count. */
  @Test
  void theCountsOfEndedThreadsStayAndLaterThreadsStillCount() throws Exception {
    OwnedStripes counts = new OwnedStripes(1);
    for (int round = 0; round < 200; round++) {
      Thread thread = new Thread(() -> counts.add(0, 7));
      thread.start();
      thread.join();
    }
    counts.add(0, 1);
    assertEquals(200 * 7 + 1, counts.sum(0));
  }

  /** A clear makes the totals zero without losing what is added after it, on any thread. */
  @Test
  void clearStartsTheTotalsAgainFromZero() throws Exception {
    OwnedStripes counts = new OwnedStripes(2);
    counts.add(0, 5);
    counts.add(1, 3);
    Thread other = new Thread(() -> counts.add(0, 11));
    other.start();
    other.join();
    assertEquals(16, counts.sum(0));
    counts.clear();
    assertEquals(0, counts.sum(0));
    assertEquals(0, counts.sum(1));
    counts.add(0, 2);
    Thread again = new Thread(() -> counts.add(1, 4));
    again.start();
    again.join();
    assertEquals(2, counts.sum(0));
    assertEquals(4, counts.sum(1));
  }

  /**
   * The sampler picks about one call in the period, at random gaps: over a loop of 16 positions
   * every position is sampled (a sampler of every 16th call would pick one position only), both
   * for a stripe's owner and for threads without a stripe of their own; sampling together with an
   * add ({@code addAndSample}) samples alike and counts every add.
   */
  @ParameterizedTest(name = "with an add: {0}")
  @ValueSource(booleans = {false, true})
  void aboutOneCallInThePeriodIsSampledAtRandomGapsOnEveryThread(boolean withAdd) throws Exception {
    OwnedStripes counts = new OwnedStripes(1);
    int threads = OwnedStripes.stripes(Runtime.getRuntime().availableProcessors()) * 2 + 3;
    int calls = 160_000;
    long[][] sampledAt = new long[threads][16];
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] positions = sampledAt[t];
      Thread thread = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          if (withAdd ? counts.addAndSample(0, 1, 16) : counts.sample(16)) {
            positions[i & 15]++;
          }
        }
      });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    for (long[] positions : sampledAt) {
      long sampled = 0;
      for (long n : positions) {
        sampled += n;
        assertTrue(n > 300, "every position of the loop is sampled: " + java.util.Arrays.toString(positions));
      }
      assertTrue(sampled > calls / 16 * 0.9 && sampled < calls / 16 * 1.1, "about one call in 16: " + sampled);
    }
    assertEquals(withAdd ? (long) threads * calls : 0, counts.sum(0));
  }

  @Test
  void aCountNeverAddedToIsZeroAndTheNumberOfCountersIsChecked() {
    assertEquals(0, new OwnedStripes(4).sum(3));
    assertThrows(IllegalArgumentException.class, () -> new OwnedStripes(0));
    assertThrows(IllegalArgumentException.class, () -> new OwnedStripes(OwnedStripes.MOST_COUNTERS + 1));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
