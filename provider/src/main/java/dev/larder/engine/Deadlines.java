package dev.larder.engine;

/**
 * Arithmetic on absolute deadlines (milliseconds since the epoch, as read from a {@link Clock}).
 *
 * <p>{@link #NEVER} marks an entry that does not expire. Sums saturate at {@code NEVER} instead of
 * overflowing, so "now plus a very long time" stays in the future.
 */
public final class Deadlines {

  /** The deadline of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  private Deadlines() {}

  /**
   * Returns the deadline that lies {@code delayMillis} after {@code now}.
   *
   * @param now the current time in milliseconds since the epoch
   * @param delayMillis the time to live in milliseconds; zero or less means "already due"
   * @return {@code now + delayMillis}, or {@link #NEVER} if the sum would overflow
   */
  public static long after(long now, long delayMillis) {
    if (delayMillis <= 0) {
      return now;
    }
    long sum = now + delayMillis;
    return sum < now ? NEVER : sum;
  }

  /**
   * Tells whether a deadline has passed.
   *
   * @param deadline the deadline in milliseconds since the epoch, or {@link #NEVER}
   * @param now the current time in milliseconds since the epoch
   * @return {@code true} if the deadline is at or before {@code now}
   */
  public static boolean isDue(long deadline, long now) {
    return deadline <= now;
  }
}
