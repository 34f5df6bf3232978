package dev.larder.engine;

import java.util.function.LongConsumer;

/**
 * The one rule for whether an entry is live, and the one clock reading an operation computes new
 * deadlines from.
 *
 * <p>An entry is live while its deadline lies in the future: {@link Clock#isBefore} answers from
 * the clock's cheap recent reading when the deadline is far, and reads the exact clock only within
 * {@link Clock#RECENT_SLACK_MILLIS} of it. An operation takes {@link #now()} once and computes every
 * deadline it sets from it: the recent reading when the policy tolerates it, else the exact clock.
 * Reads that renew an entry's time to live ({@link #read}) move the deadline in place and report the
 * new deadline to the background expiry.
 */
public final class Liveness {

  private final Clock clock;
  private final AccessRule rule;
  private final boolean recentOk;
  private final LongConsumer renewed;

  /**
   * Creates the rule of a cache.
   *
   * @param clock the cache's clock
   * @param rule what reads do to deadlines
   * @param renewed told of every deadline a read moved, and of entries stores bring into memory
   *     (the background expiry notes them)
   */
  public Liveness(Clock clock, AccessRule rule, LongConsumer renewed) {
    this.clock = clock;
    this.rule = rule;
    this.recentOk = rule.toleratesRecentClock();
    this.renewed = renewed;
  }

  /**
   * Returns the cache's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Tells whether an entry is live now.
   *
   * @param entry an entry, a marker, or {@code null}
   * @return {@code true} if it is not {@code null}, has a value and its deadline lies ahead
   */
  public boolean isLive(Holder<?> entry) {
    return entry != null && clock.isBefore(entry.deadline()) && entry.value() != null;
  }

  /**
   * Returns the time an operation computes new deadlines from.
   *
   * @return milliseconds since the epoch: the recent clock reading if the policy tolerates it
   */
  public long now() {
    return recentOk ? clock.recentMillis() : clock.millis();
  }

  /**
   * The read path's check: tells whether an entry found by a lock-free read is live and, if the
   * policy renews on access, moves its deadline (a volatile write: concurrent renewals all compute
   * "now + ttl", so the last one wins harmlessly).
   *
   * <p>Costs by configuration: an eternal entry reads no clock; a far deadline reads only the
   * recent clock; a near one the exact clock. A renewing policy with long constant durations
   * computes the new deadline from the recent reading and writes it only if it changed.
   *
   * @param entry an entry found by a lock-free read, not {@code null}
   * @return {@code true} if it is live
   */
  public boolean read(Holder<?> entry) {
    long deadline = entry.deadline();
    if (!rule.renewsOnAccess()) {
      return clock.isBefore(deadline);
    }
    long now = now();
    if (deadline != Deadlines.NEVER && deadline - now <= Clock.RECENT_SLACK_MILLIS) {
      now = clock.millis();
      if (deadline <= now) {
        return false;
      }
    }
    if (entry.value() == null) {
      return false; // a marker over nothing
    }
    long next = rule.onAccess(now);
    if (next != AccessRule.UNCHANGED && next != deadline) {
      entry.deadline(next);
      renewed.accept(next);
    }
    return true;
  }

  /**
   * Tells the background expiry of an entry that memory now holds with this deadline (a store
   * that read the entry from its authority calls this).
   *
   * @param deadline the entry's deadline
   */
  public void noteDeadline(long deadline) {
    renewed.accept(deadline);
  }

  /**
   * Returns the deadline a read gives an entry under its key's lock (for operations that read
   * inside a step), or {@link AccessRule#UNCHANGED}.
   *
   * @param now the operation's time
   * @return the new deadline, or {@link AccessRule#UNCHANGED}
   */
  public long onAccess(long now) {
    return rule.onAccess(now);
  }
}
