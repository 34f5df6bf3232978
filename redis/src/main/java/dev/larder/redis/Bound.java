package dev.larder.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The size bound of a shared cache ({@code maximum-size}), kept approximately across instances:
 * each instance estimates the cache's size as the sum of the last key count it saw of each bucket.
 * A commit that creates an entry returns its bucket's count (counted by Redis in the same script,
 * so it includes every instance's writes), and all buckets are counted again when the estimate is
 * older than {@value #FRESH_MILLIS} ms and may exceed the bound. When a write of this instance
 * creates an entry beyond the bound, it evicts the surplus from the bucket written (then the
 * following ones): of {@value #SAMPLE} sampled entries each time, the one written longest ago,
 * never a key under a lease, a computation in flight or the entry the write created. Instances
 * writing at the same moment may each evict, so the cache may briefly hold a few entries more than
 * the bound, or a few fewer.
 */
final class Bound {

  /** How old the size estimate may be before a creation near the bound reads it again. */
  static final long FRESH_MILLIS = 100;
  /** Entries sampled per eviction. */
  static final int SAMPLE = 5;
  /** The most entries one write evicts (the rest is left to the following writes). */
  static final int MOST_PER_WRITE = 64;

  private final long maximum;
  private final Calls calls;
  private final Layout layout;
  /** The last count seen of each bucket's keys. */
  private final long[] counts = new long[Layout.BUCKETS];
  /** The sum of {@link #counts}. */
  private long estimate;
  private long readNanos = Long.MIN_VALUE / 2;

  Bound(long maximum, Calls calls, Layout layout) {
    this.maximum = maximum;
    this.calls = calls;
    this.layout = layout;
  }

  /**
   * Tells whether the cache has a bound (then creations must report their bucket's key count).
   *
   * @return {@code true} if {@code maximum-size} is set
   */
  boolean enabled() {
    return maximum != 0;
  }

  /**
   * Counts an entry a write of this instance created, and evicts if the cache is over its bound.
   *
   * @param bucket the bucket written
   * @param bucketCount the bucket's key count right after the commit
   * @param member the encoded key just created: never evicted by its own write
   * @return the encoded keys evicted (often none)
   */
  synchronized List<byte[]> created(int bucket, long bucketCount, byte[] member) {
    if (maximum == 0) {
      return List.of();
    }
    estimate += bucketCount - counts[bucket];
    counts[bucket] = bucketCount;
    boolean stale = System.nanoTime() - readNanos > FRESH_MILLIS * 1_000_000;
    if (estimate <= maximum && !stale) {
      return List.of();
    }
    if (stale) {
      estimate = recount();
      readNanos = System.nanoTime();
    }
    long over = estimate - maximum;
    List<byte[]> evicted = new ArrayList<>();
    for (int i = 0; i < Layout.BUCKETS && evicted.size() < Math.min(over, MOST_PER_WRITE); i++) {
      int b = (bucket + i) % Layout.BUCKETS;
      List<byte[]> gone = calls.await(calls.<List<byte[]>>script(Script.EVICT, ScriptOutputType.MULTI,
          new byte[][] {layout.keyIndex(b), layout.deadlineIndex(b)}, layout.entryPrefix(b), layout.leasePrefix(b),
          Layout.utf8(Long.toString(Math.min(over, MOST_PER_WRITE) - evicted.size())),
          Layout.utf8(Integer.toString(SAMPLE)), member), "evicting for the bound", null);
      evicted.addAll(gone);
      counts[b] = Math.max(0, counts[b] - gone.size());
    }
    estimate -= evicted.size();
    return evicted;
  }

  /** Counts every bucket again (one pipelined round trip) and returns the total. */
  private long recount() {
    long[] fresh = bucketCounts();
    long total = 0;
    for (int b = 0; b < fresh.length; b++) {
      counts[b] = fresh[b];
      total += fresh[b];
    }
    return total;
  }

  /**
   * Returns the number of keys in all buckets (entries, expired ones not yet swept and flights).
   *
   * @return the count
   */
  long size() {
    long total = 0;
    for (long count : bucketCounts()) {
      total += count;
    }
    return total;
  }

  private long[] bucketCounts() {
    List<CompletableFuture<Long>> pending = new ArrayList<>(Layout.BUCKETS);
    for (int b = 0; b < Layout.BUCKETS; b++) {
      pending.add(calls.redis.zcard(layout.keyIndex(b)).toCompletableFuture());
    }
    long[] result = new long[Layout.BUCKETS];
    for (int b = 0; b < Layout.BUCKETS; b++) {
      result[b] = calls.await(pending.get(b), "counting the entries", null);
    }
    return result;
  }
}
