package dev.larder;

import java.util.Optional;

/**
 * A live, read-only view of one cache's activity, for metrics systems: what
 * {@code dev.larder.micrometer.LarderCacheMeterBinder} publishes to Micrometer. Obtain it with
 * {@link LarderCache#metrics()}; every call reads the current value, nothing is copied.
 *
 * <p><b>Which counters move when.</b> The operation counters ({@link #hits()}, {@link #misses()},
 * {@link #puts()}, {@link #removals()}, {@link #evictions()}) are the cache's JSR-107 statistics:
 * they move only while counting is on, that is while JSR-107 statistics are enabled or
 * {@link LarderCache#setMetricsEnabled(boolean) metrics are enabled} (which registers no MXBean).
 * While both are off the hot path counts nothing and these stay where they are. They follow the
 * JSR-107 counting rules (see {@code docs/design.md}) and are reset by
 * {@code CacheStatisticsMXBean.clear()}. {@link #expirations()} and the load counters count
 * always: they are not on the read path (an expiry or a load is rare next to a hit, and a load
 * calls the application's code).
 *
 * <p>All counts are totals since the cache was created; times are in nanoseconds.
 */
public interface LarderCacheMetrics {

  /**
   * Returns the cache's name.
   *
   * @return the name
   */
  String cacheName();

  /**
   * Returns the number of entries the cache holds now: entries that expired but were not yet
   * reclaimed count until the next operation on their key or the background expiry (well within
   * a second) removes them. A persistent cache counts the rows of its file, which holds every
   * entry (the memory tier may hold fewer); that commits queued write-behind writes first and
   * costs a {@code COUNT(*)} when memory does not hold everything. A closed cache has 0.
   *
   * @return the entry count, at least 0
   */
  long entryCount();

  /**
   * Tells whether the operation counters move: JSR-107 statistics or metrics are enabled.
   *
   * @return {@code true} while hits, misses, puts, removals and evictions are counted
   */
  boolean isCounting();

  /**
   * Returns the lookups that found a live entry ({@code CacheHits}).
   *
   * @return the count
   */
  long hits();

  /**
   * Returns the lookups that found nothing live ({@code CacheMisses}).
   *
   * @return the count
   */
  long misses();

  /**
   * Returns the writes that stored a value, creates and updates ({@code CachePuts}); loads by
   * read-through count none.
   *
   * @return the count
   */
  long puts();

  /**
   * Returns the entries removed by the application ({@code CacheRemovals}).
   *
   * @return the count
   */
  long removals();

  /**
   * Returns the entries the cache dropped to stay within its maximum size ({@code CacheEvictions}).
   *
   * @return the count
   */
  long evictions();

  /**
   * Returns the entries removed because their time to live ran out, whether an operation on the
   * key or the background expiry found them; always counted.
   *
   * @return the count
   */
  long expirations();

  /**
   * Returns the loads that produced a value: calls of the cache's {@code CacheLoader} ({@code load}
   * and {@code loadAll}, one per call) and computations of {@code getOrCompute}, {@code lookup}; always counted.
   *
   * @return the count
   */
  long loadSuccesses();

  /**
   * Returns the loads that threw or produced no value ({@code null}, or an empty {@code loadAll}
   * result); always counted.
   *
   * @return the count
   */
  long loadFailures();

  /**
   * Returns the time spent in loads, successful or not.
   *
   * @return nanoseconds
   */
  long loadNanos();

  /**
   * Returns the metrics of the cache's store when it has one outside the heap (persistent mode).
   *
   * @return the store's metrics, or empty for a volatile cache
   */
  Optional<StoreMetrics> store();

  /**
   * What a store outside the heap reports: its commits, its reads, and whether it can take writes now.
   * Counted always (the costs are far below those of a commit or a file read).
   */
  interface StoreMetrics {

    /**
     * Returns where the store keeps its entries.
     *
     * @return for a persistent cache, the absolute path of its SQLite file
     */
    String location();

    /**
     * Returns the transactions committed: each group commit counts one, whatever its size.
     *
     * @return the count
     */
    long commits();

    /**
     * Returns the time spent committing (writing the batch and committing it).
     *
     * @return nanoseconds
     */
    long commitNanos();

    /**
     * Returns the writes (puts, removals, deadline renewals, clears) in committed transactions:
     * divided by {@link #commits()}, the mean batch size.
     *
     * @return the count
     */
    long committedWrites();

    /**
     * Returns the transactions that failed (every write in them failed and changed nothing).
     *
     * @return the count
     */
    long commitFailures();

    /**
     * Returns the point reads of the file: lookups of keys that were not in memory and that the
     * store's key filter could not rule out.
     *
     * @return the count
     */
    long fileReads();

    /**
     * Checks, now, whether the store can take writes, and says why not: its folder is missing or
     * not writable, its file was deleted, its lock was lost (another process could open the
     * file), or its last commit failed and none succeeded since. Touches the file system (creates
     * and deletes one small file in the folder), so call it for health checks, not per operation.
     *
     * @return a sentence naming the file or folder and the problem, or empty if there is none
     */
    Optional<String> problem();
  }
}
