package dev.larder.engine;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A small, approximate counter of how often each key was seen recently: a count-min sketch of
 * 4-bit counters that halves all counts periodically, so old popularity fades.
 *
 * <p>The idea is TinyLFU's (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache
 * Admission Policy", ACM ToS 2017): estimate a key's frequency from {@value #DEPTH} counters chosen
 * by independent hashes and take the smallest. Counters saturate at 15. After {@code 10 ×
 * capacity} increments every counter is halved ("aging").
 *
 * <p>Layout: the table is cut into blocks of 64 bytes (one cache line, eight {@code long}s of
 * sixteen counters each). A key's hash picks one block, and each of its {@value #DEPTH} counters is
 * one of the block's 128, picked by seven further bits of the hash, so an increment or an estimate
 * touches one cache line instead of four. Each row of the count-min sketch still has as many
 * counters as the whole table (a key's rows may share a counter, rarely); what is lost is only
 * the independence of the rows across blocks (the same trade as a blocked Bloom filter's).
 *
 * <p>Thread-safety: increments and the aging pass are plain, unsynchronised writes. Concurrent
 * increments may be lost, which only makes the estimate slightly lower; a torn aging pass is
 * equally harmless. The sketch is a heuristic, never a source of truth.
 */
public final class FrequencySketch {

  private static final int DEPTH = 4;
  /** Words per block: one cache line of {@code long}s. */
  private static final int BLOCK = 8;
  private static final long HALF_MASK = 0x7777_7777_7777_7777L;

  private final long[] table;
  private final int blockMask;
  /** Per sketch, so positions cannot be computed in advance from hash codes alone. */
  private final long seed = ThreadLocalRandom.current().nextLong();
  private int sampleSize;
  private int additions;

  /**
   * Creates a sketch sized for a cache of the given capacity.
   *
   * @param capacity the cache's maximum number of entries (at least 1)
   */
  public FrequencySketch(long capacity) {
    int words = Integer.highestOneBit((int) Math.min(Math.max(capacity, 64), 1 << 26) - 1) << 1;
    this.table = new long[words];
    this.blockMask = words / BLOCK - 1;
    this.sampleSize = (int) Math.min(10L * Math.max(capacity, 16), Integer.MAX_VALUE);
  }

  /**
   * Records one occurrence of a key.
   *
   * @param hash the key's hash code
   */
  public void increment(int hash) {
    long h = mix(hash ^ seed);
    int block = ((int) (h >>> 40) & blockMask) * BLOCK;
    boolean added = false;
    for (int d = 0; d < DEPTH; d++) {
      int bits = (int) (h >>> (d * 7));
      int index = block + (bits & 7);
      int shift = ((bits >>> 3) & 15) << 2;
      long word = table[index];
      if (((word >>> shift) & 15) != 15) {
        table[index] = word + (1L << shift);
        added = true;
      }
    }
    if (added && ++additions >= sampleSize) {
      age();
    }
  }

  /**
   * Changes how many increments pass between two halvings of every counter: fewer make the
   * estimate follow recent popularity more closely (recency), more remember popularity longer
   * (frequency).
   *
   * @param increments the new aging period, at least 16
   */
  public void agingPeriod(int increments) {
    sampleSize = Math.max(16, increments);
  }

  /**
   * Estimates how often a key occurred recently.
   *
   * @param hash the key's hash code
   * @return a count between 0 and 15
   */
  public int frequency(int hash) {
    long h = mix(hash ^ seed);
    int block = ((int) (h >>> 40) & blockMask) * BLOCK;
    int min = 15;
    for (int d = 0; d < DEPTH; d++) {
      int bits = (int) (h >>> (d * 7));
      int index = block + (bits & 7);
      int shift = ((bits >>> 3) & 15) << 2;
      min = Math.min(min, (int) ((table[index] >>> shift) & 15));
    }
    return min;
  }

  private void age() {
    additions = 0;
    for (int i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & HALF_MASK;
    }
  }

  /**
   * Spreads a hash code, mixed with the sketch's seed, over 64 bits (a SplitMix64 finaliser): the counters' positions take bits
   * 0–27, the block bits 40 and up, so keys whose hash codes differ only in a few bits (sequential
   * integers, or codes built to collide in a hash table's low bits) still land apart.
   */
  private static long mix(long hash) {
    long h = (hash + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 29);
  }
}
