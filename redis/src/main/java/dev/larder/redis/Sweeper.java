package dev.larder.redis;

import dev.larder.engine.Deadlines;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each bucket of a shared cache is due for an expiry sweep, in server time: at its earliest
 * deadline this instance knows of (from its own writes and the sweeps' answers), and at least
 * every {@value #SAFETY_MILLIS} ms, for deadlines that other instances wrote.
 */
final class Sweeper {

  /** A bucket is swept at least this often, whatever this instance knows of its deadlines. */
  static final long SAFETY_MILLIS = 1_000;

  private final AtomicLongArray due = new AtomicLongArray(Layout.BUCKETS);
  private final AtomicLongArray last = new AtomicLongArray(Layout.BUCKETS);

  Sweeper() {
    // every bucket is due at once: the cache may hold entries that expired while nobody swept
  }

  /**
   * Notes a deadline written into a bucket.
   *
   * @param bucket the bucket
   * @param serverDeadline the deadline in server time, or {@link Deadlines#NEVER}
   */
  void note(int bucket, long serverDeadline) {
    long d = due.get(bucket);
    while (serverDeadline < d && !due.compareAndSet(bucket, d, serverDeadline)) {
      d = due.get(bucket);
    }
  }

  /**
   * Tells whether a bucket is due now.
   *
   * @param bucket the bucket
   * @param now the server time now
   * @return whether to sweep it
   */
  boolean isDue(int bucket, long now) {
    return due.get(bucket) <= now || now - last.get(bucket) >= SAFETY_MILLIS;
  }

  /**
   * Records a sweep's answer.
   *
   * @param bucket the bucket
   * @param now the server time of the sweep
   * @param next the bucket's earliest deadline left, or {@link Deadlines#NEVER}
   * @param more whether the sweep stopped at its limit (more entries are due)
   */
  void swept(int bucket, long now, long next, boolean more) {
    last.set(bucket, now);
    due.set(bucket, more ? 0 : next);
  }
}
