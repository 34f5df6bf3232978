package dev.larder.jcache;

import dev.larder.LarderCache;
import dev.larder.engine.Deadlines;
import java.time.Duration;
import java.util.Objects;

/** The rules for the per-call time-to-live arguments of the {@link LarderCache} extensions. */
final class Ttls {

  private Ttls() {}

  /**
   * Returns the deadline {@code ttl} after {@code now}.
   *
   * @param ttl a positive duration, or {@link LarderCache#FOREVER}
   * @param now milliseconds since the epoch
   * @return the deadline, or {@link Deadlines#NEVER}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  static long deadline(Duration ttl, long now) {
    if (ttl.equals(LarderCache.FOREVER)) {
      return Deadlines.NEVER;
    }
    return Deadlines.after(now, positiveMillis(ttl, "ttl"));
  }

  /**
   * Checks an optional ttl argument.
   *
   * @param ttl {@code null}, {@link LarderCache#FOREVER} or a positive duration
   * @throws IllegalArgumentException if it is zero or negative
   */
  static void check(Duration ttl) {
    if (ttl != null && !ttl.equals(LarderCache.FOREVER)) {
      positiveMillis(ttl, "ttl");
    }
  }

  /**
   * Returns a positive duration in milliseconds: at least 1 for a shorter one, {@code Long.MAX_VALUE}
   * for one too long to count.
   *
   * @param duration the duration, not {@code null}
   * @param what the argument's name, for the message
   * @return the milliseconds
   * @throws IllegalArgumentException if it is zero or negative
   */
  static long positiveMillis(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    try {
      long millis = duration.toMillis();
      return millis == 0 ? 1 : millis;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
