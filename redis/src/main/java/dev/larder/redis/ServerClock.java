package dev.larder.redis;

import dev.larder.engine.Clock;
import dev.larder.engine.Deadlines;

/**
 * Translates between the cache's clock and the Redis server's clock, which is the one clock every
 * instance of a shared cache agrees on: Redis scripts read the server's {@code TIME}, and entries
 * carry deadlines in server time. The JCache layer computes deadlines from the cache's own clock;
 * this class adds the offset measured between the two when the store opened ({@link #measure}), so
 * an instance whose clock is minutes off still agrees with the others on when an entry is gone.
 *
 * <p>It also estimates the server's time now from the monotonic {@link System#nanoTime()} (for the
 * deadlines of scripts: "apply only until then"), independent of the cache's clock, which tests may
 * stop or move by hand.
 */
final class ServerClock {

  private final Clock clock;
  /** Server time minus the cache clock, in milliseconds; fixed once measured. */
  private volatile long offset;
  /** A server time reading and the {@code nanoTime} it was taken at. */
  private volatile long baseServer;
  private volatile long baseNanos;

  ServerClock(Clock clock) {
    this.clock = clock;
  }

  /** A reading of the server's clock around which the cache clock and {@code nanoTime} were read. */
  interface TimeSource {
    /**
     * Reads the server's {@code TIME}.
     *
     * @return milliseconds since the epoch on the server
     */
    long serverMillis();
  }

  /**
   * Measures the offset: the best (shortest round trip) of three readings.
   *
   * @param source reads the server's time
   */
  void measure(TimeSource source) {
    long bestRtt = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long n0 = System.nanoTime();
      long c0 = clock.millis();
      long server = source.serverMillis();
      long c1 = clock.millis();
      long n1 = System.nanoTime();
      if (n1 - n0 < bestRtt) {
        bestRtt = n1 - n0;
        offset = server - (c0 + c1) / 2;
        baseServer = server;
        baseNanos = (n0 + n1) / 2;
      }
    }
  }

  /**
   * Takes a new reading of the server's clock for {@link #serverNow()} (the offset of deadlines
   * stays as first measured); a reading whose round trip took over 50 ms is ignored.
   *
   * @param server the server's time read
   * @param sentNanos {@code nanoTime} when the request was sent
   * @param answeredNanos {@code nanoTime} when the answer came
   */
  void rebase(long server, long sentNanos, long answeredNanos) {
    if (answeredNanos - sentNanos < 50_000_000) {
      baseServer = server;
      baseNanos = (sentNanos + answeredNanos) / 2;
    }
  }

  /**
   * Returns the server's time now, estimated from the last measurement and the time elapsed since.
   *
   * @return milliseconds since the epoch on the server
   */
  long serverNow() {
    return baseServer + (System.nanoTime() - baseNanos) / 1_000_000;
  }

  /**
   * Translates a deadline of the cache's clock to server time.
   *
   * @param deadline milliseconds of the cache's clock, or {@link Deadlines#NEVER}
   * @return server milliseconds, or {@link Deadlines#NEVER}
   */
  long toServer(long deadline) {
    if (deadline == Deadlines.NEVER) {
      return Deadlines.NEVER;
    }
    long sum = deadline + offset;
    return offset > 0 && sum < deadline ? Deadlines.NEVER : sum;
  }

  /**
   * Translates a server deadline to the cache's clock.
   *
   * @param serverDeadline server milliseconds, or {@link Deadlines#NEVER}
   * @return milliseconds of the cache's clock, or {@link Deadlines#NEVER}
   */
  long toClient(long serverDeadline) {
    if (serverDeadline == Deadlines.NEVER) {
      return Deadlines.NEVER;
    }
    long diff = serverDeadline - offset;
    return offset < 0 && diff < serverDeadline ? Deadlines.NEVER : diff;
  }
}
