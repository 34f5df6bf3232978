package dev.larder.jcache;

import dev.larder.engine.Holder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The read of one key, {@code Cache.get}: the hot path. A bare value (an eternal entry stored
 * without a holder) is live; a holder is checked against its deadline on the recent clock; a miss
 * or an expired entry goes to read-through. With statistics on, hits are counted here (misses by
 * the miss path) and one call in {@value #GET_TIMING_SAMPLE} is timed.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SingleKeyReads<K, V> {

  /** One get in this many (a power of two) is timed when statistics are on. */
  static final int GET_TIMING_SAMPLE = 16;

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
    Object found = core.store.peek(key);
    if (found != null && !(found instanceof Holder)) {
      return core.outBare(found); // an eternal entry stored without a holder: live
    }
    @SuppressWarnings("unchecked")
    Holder<V> entry = (Holder<V>) found;
    if (entry != null && core.readLive(key, entry)) {
      return core.out(entry.value());
    }
    return bulk.missed(key, entry, core.clock.millis());
  }

  /**
   * {@code get} with statistics on: counts the hit (misses are counted by the miss path) and
   * times one call in {@value #GET_TIMING_SAMPLE}, scaled, so the average get time stays an unbiased
   * estimate without two clock reads on every call.
   */
  private V recordedGet(K key) {
    boolean timed = core.timingEnabled && (ThreadLocalRandom.current().nextInt() & (GET_TIMING_SAMPLE - 1)) == 0;
    long start = timed ? System.nanoTime() : 0;
    Object found = core.store.peek(key);
    V result;
    @SuppressWarnings("unchecked")
    Holder<V> entry = found instanceof Holder ? (Holder<V>) found : null;
    if (found != null && entry == null) {
      result = core.outBare(found);
      core.stats.hits(1);
    } else if (entry != null && core.readLive(key, entry)) {
      result = core.out(entry.value());
      core.stats.hits(1);
    } else {
      result = bulk.missed(key, entry, core.clock.millis());
    }
    if (timed) {
      core.stats.getTime((System.nanoTime() - start) * GET_TIMING_SAMPLE);
    }
    return result;
  }
}
