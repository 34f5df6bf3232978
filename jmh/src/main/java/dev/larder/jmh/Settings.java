package dev.larder.jmh;

/**
 * How a benchmarked cache is configured.
 *
 * @param ttl {@code true} for a Created policy of one hour, {@code false} for eternal entries
 * @param statistics whether statistics are recorded
 * @param byValue store-by-value ({@code true}) or store-by-reference
 * @param maximumSize a size bound, or 0 for an unbounded cache (bounded caches are used by the
 *     hit-ratio simulator only)
 */
public record Settings(boolean ttl, boolean statistics, boolean byValue, long maximumSize) {}
