package dev.larder.jmh;

/**
 * How a benchmarked cache is configured.
 *
 * @param expiry the expiry policy (eternal, or a built-in policy of one hour)
 * @param statistics whether statistics are recorded
 * @param byValue store-by-value ({@code true}) or store-by-reference
 * @param listener whether a synchronous listener interested only in REMOVED events is registered
 *     (the benchmarks' operations never remove, so it is a listener "not interested" in what they
 *     produce)
 * @param maximumSize a size bound, or 0 for an unbounded cache (bounded caches are used by the
 *     hit-ratio simulator only)
 */
public record Settings(Expiry expiry, boolean statistics, boolean byValue, boolean listener,
    long maximumSize) {

  /**
   * Shorthand for the common case: no listener.
   *
   * @param ttl {@code true} for a Created policy of one hour, {@code false} for eternal entries
   * @param statistics whether statistics are recorded
   * @param byValue store-by-value or store-by-reference
   * @param maximumSize a size bound, or 0
   */
  public Settings(boolean ttl, boolean statistics, boolean byValue, long maximumSize) {
    this(ttl ? Expiry.CREATED : Expiry.ETERNAL, statistics, byValue, false, maximumSize);
  }

  /**
   * Tells whether entries expire.
   *
   * @return {@code true} unless the policy is eternal
   */
  public boolean ttl() {
    return expiry != Expiry.ETERNAL;
  }
}
