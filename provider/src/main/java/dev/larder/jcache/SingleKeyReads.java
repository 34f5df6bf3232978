package dev.larder.jcache;

/**
 * The read of one key, {@code Cache.get}: the hot path. The store answers with the live value (a
 * lock-free read, renewing the entry if the policy says reads do); a miss goes to the miss path
 * (read-through, or the expiry of a dead entry). With statistics on, hits are counted here
 * (misses by the miss path) and one call in {@value #GET_TIMING_SAMPLE} is timed.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SingleKeyReads<K, V> {

  /** One get in this many (a power of two) is timed when statistics are on. */
  static final int GET_TIMING_SAMPLE = CacheCore.TIMING_SAMPLE;

  private final CacheCore<K, V> core;
  private final BulkOperations<K, V> bulk;

  SingleKeyReads(CacheCore<K, V> core, BulkOperations<K, V> bulk) {
    this.core = core;
    this.bulk = bulk;
  }

  /** {@code get} of a checked key: the hot path. */
  V get(K key) {
    if (core.statisticsEnabled) {
      return recordedGet(key);
    }
    V found = core.store.read(key);
    return found != null ? core.out(found) : bulk.missed(key);
  }

  /**
   * {@code get} with statistics on: counts the hit (misses are counted by the miss path) and,
   * with timing on, times one call in {@value #GET_TIMING_SAMPLE}, scaled, so the average get time
   * stays an unbiased estimate without two clock reads on every call. With timing on, the hit is
   * counted in advance together with the sampling draw (one access to the thread's counters, not
   * two) and taken back on a miss. Kept small (the timed call is a method of its own) so that the
   * compiler inlines it into its callers whether statistics are on or off.
   */
  private V recordedGet(K key) {
    if (!core.timingEnabled) {
      return countedGet(key);
    }
    if (core.stats.hitAndSampleTimer(GET_TIMING_SAMPLE)) {
      return timedGet(key);
    }
    return hitCountedGet(key);
  }

  /** A get whose hit is counted after the read. */
  private V countedGet(K key) {
    V found = core.store.read(key);
    if (found != null) {
      core.stats.hits(1);
      return core.out(found);
    }
    return bulk.missed(key);
  }

  /** A get whose hit was counted in advance: a miss takes it back. */
  private V hitCountedGet(K key) {
    V found = core.store.read(key);
    if (found != null) {
      return core.out(found);
    }
    core.stats.hits(-1);
    return bulk.missed(key);
  }

  private V timedGet(K key) {
    long start = System.nanoTime();
    V result = hitCountedGet(key);
    core.stats.getTime((System.nanoTime() - start) * GET_TIMING_SAMPLE);
    return result;
  }
}
