package dev.larder.engine;

/**
 * A small, approximate counter of how often each key was seen recently: a count-min sketch of
 * 4-bit counters that halves all counts periodically, so old popularity fades.
 *
 * <p>The idea is TinyLFU's (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache
 * Admission Policy", ACM ToS 2017): estimate a key's frequency from {@value #DEPTH} counters chosen
 * by independent hashes and take the smallest. Counters saturate at 15. After {@code 10 ×
 * capacity} increments every counter is halved ("aging").
 *
 * <p>Thread-safety: increments and the aging pass are plain, unsynchronised writes. Concurrent
 * increments may be lost, which only makes the estimate slightly lower; a torn aging pass is
 * equally harmless. The sketch is a heuristic, never a source of truth.
 */
public final class FrequencySketch {

  private static final int DEPTH = 4;
  private static final long[] SEEDS = {
      0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L};
  private static final long HALF_MASK = 0x7777_7777_7777_7777L;

  private final long[] table;
  private final int mask;
  private int sampleSize;
  private int additions;

  /**
   * Creates a sketch sized for a cache of the given capacity.
   *
   * @param capacity the cache's maximum number of entries (at least 1)
   */
  public FrequencySketch(long capacity) {
    int size = Integer.highestOneBit((int) Math.min(Math.max(capacity, 16), 1 << 26) - 1) << 1;
    this.table = new long[size];
    this.mask = size - 1;
    this.sampleSize = (int) Math.min(10L * Math.max(capacity, 16), Integer.MAX_VALUE);
  }

  /**
   * Records one occurrence of a key.
   *
   * @param hash the key's hash code
   */
  public void increment(int hash) {
    boolean added = false;
    for (int d = 0; d < DEPTH; d++) {
      long h = mix(hash, d);
      int index = (int) (h >>> 32) & mask;
      int shift = (int) (h & 15) << 2;
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
    int min = 15;
    for (int d = 0; d < DEPTH; d++) {
      long h = mix(hash, d);
      int index = (int) (h >>> 32) & mask;
      int shift = (int) (h & 15) << 2;
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

  private static long mix(int hash, int d) {
    long h = (hash + SEEDS[d]) * SEEDS[(d + 1) & 3];
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 32);
  }
}
