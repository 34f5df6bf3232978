package dev.larder.engine;

/**
 * The engine's one source of time: wall-clock milliseconds since the epoch.
 *
 * <p>Every deadline the engine keeps is an absolute value of this clock, so a deadline can be
 * stored and compared after a restart. Production code uses {@link #system()}; tests inject a
 * {@link ManualClock} and move time forward by hand instead of sleeping.
 *
* <p>Reading the system clock costs 20–45 ns on some virtual machines, more than the hash lookup of a
 * cache hit. Hot paths therefore first ask {@link #recentMillis()}, a reading that may lag behind
 * {@link #millis()} by a few milliseconds but costs a plain memory load, and read the exact clock
 * only when an entry's deadline is within {@link #RECENT_SLACK_MILLIS} of that reading.
 */
@FunctionalInterface
public interface Clock {

  /**
   * How far ahead of {@link #recentMillis()} a deadline must lie for an entry to be taken as live
   * without reading the exact clock. The system clock's recent reading lags by about 10 ms; this
   * margin covers a ticker thread that was not scheduled for up to a second.
   */
  long RECENT_SLACK_MILLIS = 1_000;

  /**
   * Returns the current time.
   *
   * @return milliseconds since 1970-01-01T00:00Z
   */
  long millis();

  /**
   * Returns a cheap reading that is never ahead of {@link #millis()} and lags it only slightly.
   * Clocks without a cheaper source (the default) return {@link #millis()}.
   *
   * @return milliseconds since 1970-01-01T00:00Z, possibly a few milliseconds old
   */
  default long recentMillis() {
    return millis();
  }

  /**
   * Tells whether a deadline has not yet been reached, reading the exact clock only when the
   * deadline is near.
   *
   * @param deadline a deadline in milliseconds since the epoch, or {@link Deadlines#NEVER}
   * @return {@code true} if the deadline lies in the future
   */
  default boolean isBefore(long deadline) {
    return deadline == Deadlines.NEVER
        || deadline - recentMillis() > RECENT_SLACK_MILLIS
        || deadline > millis();
  }

  /**
   * Returns a clock backed by {@link System#currentTimeMillis()} alone. Caches use their provider's
   * {@link Timekeeper#clock()} instead, whose recent reading is cheaper.
   *
   * @return the system clock, never {@code null}
   */
  static Clock system() {
    return System::currentTimeMillis;
  }
}
