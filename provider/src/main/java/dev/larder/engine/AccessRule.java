package dev.larder.engine;

/**
 * What an expiry policy says about reads and the clock, as the engine needs it: whether a read
 * moves an entry's deadline, and to when. Implemented by the JCache layer's expiry adapter.
 */
public interface AccessRule {

  /** The answer of {@link #onAccess} that means "keep the current deadline". */
  long UNCHANGED = Long.MIN_VALUE;

  /** The rule of caches whose reads never move a deadline, with durations long enough for the recent clock. */
  AccessRule NEVER_RENEWS = new AccessRule() {
    @Override
    public boolean renewsOnAccess() {
      return false;
    }

    @Override
    public long onAccess(long now) {
      return UNCHANGED;
    }

    @Override
    public boolean toleratesRecentClock() {
      return true;
    }
  };

  /**
   * Tells whether a read may move a deadline.
   *
   * @return {@code false} if {@link #onAccess} always answers {@link #UNCHANGED}
   */
  boolean renewsOnAccess();

  /**
   * Returns the deadline of an entry that was just read.
   *
   * @param now the current time in milliseconds since the epoch
   * @return the new deadline, or {@link #UNCHANGED}
   */
  long onAccess(long now);

  /**
   * Tells whether deadlines may be computed from {@link Clock#recentMillis()}: true when every
   * duration the policy gives is long enough for the reading's lag (about 10 ms) not to matter.
   *
   * @return {@code true} if a slightly old clock reading is good enough
   */
  boolean toleratesRecentClock();
}
