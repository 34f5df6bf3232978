package dev.larder.engine;

/**
 * The engine's one source of time: wall-clock milliseconds since the epoch.
 *
 * <p>Every deadline the engine keeps is an absolute value of this clock, so a deadline can be
 * stored and compared after a restart. Production code uses {@link #system()}; tests inject a
 * {@link ManualClock} and move time forward by hand instead of sleeping.
 */
@FunctionalInterface
public interface Clock {

  /**
   * Returns the current time.
   *
   * @return milliseconds since 1970-01-01T00:00Z
   */
  long millis();

  /**
   * Returns the clock backed by {@link System#currentTimeMillis()}.
   *
   * @return the system clock, never {@code null}
   */
  static Clock system() {
    return System::currentTimeMillis;
  }
}
