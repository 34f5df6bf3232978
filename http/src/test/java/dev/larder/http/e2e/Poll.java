package dev.larder.http.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for conditions that other threads make true (no fixed sleeps). */
public final class Poll {

  private Poll() {}

  /**
   * Waits until a condition holds, checking every millisecond.
   *
   * @param what what is awaited, for the failure message
   * @param timeout the longest wait
   * @param condition the condition
   * @throws AssertionError if it does not hold in time
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** Like {@link #until}, with the last observed value in the failure message. */
  public static <T> void until(String what, Duration timeout, Supplier<T> value, java.util.function.Predicate<T> ok) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = value.get();
    while (!ok.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last value: " + last);
      }
      LockSupport.parkNanos(1_000_000);
      last = value.get();
    }
  }
}
