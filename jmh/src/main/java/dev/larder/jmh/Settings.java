package dev.larder.jmh;

/**
 * How a benchmarked cache is configured.
 *
 * @param ttl {@code true} for a one-hour expiry policy, {@code false} for eternal entries
 * @param statistics whether statistics are recorded
 * @param byValue store-by-value ({@code true}) or store-by-reference
 * @param maximumSize a size bound, or 0 for an unbounded cache (bounded caches are used by the
 *     hit-ratio simulator only)
 * @param policy with {@code ttl}: {@code CREATED}, {@code ACCESSED}, {@code MODIFIED} or {@code TOUCHED}
 */
public record Settings(boolean ttl, boolean statistics, boolean byValue, long maximumSize, String policy) {

  /** Settings with the Created policy when {@code ttl} is set. */
  public Settings(boolean ttl, boolean statistics, boolean byValue, long maximumSize) {
    this(ttl, statistics, byValue, maximumSize, "CREATED");
  }
}
