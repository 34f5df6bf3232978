package dev.larder.redis.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that another thread, process or server makes true. */
public final class Await {

  private Await() {}

  /**
   * Waits until a condition holds, checking every 10 ms.
   *
   * @param within the longest wait
   * @param condition the condition
   * @return whether it held before the time ran out
   */
  public static boolean until(Duration within, BooleanSupplier condition) {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      RedisServer.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
