package dev.larder.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told to: for tests and simulations.
 *
 * <p>Thread-safe. Time never moves backwards: {@link #advance(Duration)} rejects negative steps.
 */
public final class ManualClock implements Clock {

  private final AtomicLong now;

  /** Creates a clock that starts at a fixed, arbitrary instant (2024-01-01T00:00Z). */
  public ManualClock() {
    this(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
  }

  /**
   * Creates a clock that starts at the given time.
   *
   * @param startMillis the first reading, in milliseconds since the epoch
   */
  public ManualClock(long startMillis) {
    this.now = new AtomicLong(startMillis);
  }

  @Override
  public long millis() {
    return now.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param step how far; zero is allowed
   * @return the new reading, in milliseconds since the epoch
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public long advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a ManualClock cannot go back in time: step " + step);
    }
    return now.addAndGet(step.toMillis());
  }

  /**
   * Moves the clock forward by a number of milliseconds.
   *
   * @param millis how far, in milliseconds; must not be negative
   * @return the new reading, in milliseconds since the epoch
   * @throws IllegalArgumentException if {@code millis} is negative
   */
  public long advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }
}
