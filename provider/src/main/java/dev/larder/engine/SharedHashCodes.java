package dev.larder.engine;

import java.util.Arrays;

/**
 * How many entries of a bounded table share a hash code, as far as the eviction cursor has seen:
 * the correction that keeps a frequency sketch honest when many keys collide (see {@link
 * SizeBound}).
 *
 * <p>A {@link FrequencySketch} picks a key's counters from its {@code hashCode()} alone, so keys
 * that share a hash code share their counters: a flood of distinct keys with one hash code (a
 * HashDoS pattern, or a key type with a constant {@code hashCode()}) looks to the sketch like one
 * very frequent key, and frequency-based admission and eviction would keep the flood and evict
 * the keys that are really read. The eviction cursor walks the table in hash order, so keys that
 * share a code come up side by side: each sample it takes is {@linkplain #count counted}, and a
 * code that occurs {@code c ≥ 2} times in a sample adds {@code c} to that code's tally for the
 * current sweep of the table. {@link #keys} returns the larger of this sweep's and the last
 * complete sweep's tally, and the policy divides the sketch's estimate by it: each of the keys
 * that share counters was seen at most that share.
 *
 * <p>The tallies are direct-mapped by hash code, {@value #SLOTS} slots with the code as a tag; a
 * code that loses its slot to another counts as unshared again until the cursor sees it again.
 * Hash codes that merely fall into one hash bin of the table are not affected: only equal codes
 * are counted. Not thread-safe: its user holds the eviction lock.
 */
final class SharedHashCodes {

  /** How many shared hash codes are remembered at once (a power of two). */
  static final int SLOTS = 64;

  private final int[] codes = new int[SLOTS];
  private final int[] current = new int[SLOTS];
  private final int[] last = new int[SLOTS];

  /** Starts a new sweep of the table: this sweep's tallies become the last sweep's. */
  void sweepStarted() {
    System.arraycopy(current, 0, last, 0, SLOTS);
    Arrays.fill(current, 0);
  }

  /**
   * Counts one sample of the cursor: each hash code that occurs at least twice among the first
   * {@code n} adds its number of occurrences to its tally.
   *
   * @param hashes the sampled entries' key hash codes, in cursor order
   * @param n how many of them were sampled
   * @return whether some code occurred more than once
   */
  boolean count(int[] hashes, int n) {
    boolean any = false;
    for (int i = 0; i < n; i++) {
      int code = hashes[i];
      int occurrences = 1;
      boolean first = true;
      for (int j = 0; j < n && first; j++) {
        if (j != i && hashes[j] == code) {
          first = j > i; // count each code once, at its first occurrence
          occurrences++;
        }
      }
      if (first && occurrences > 1) {
        add(code, occurrences);
        any = true;
      }
    }
    return any;
  }

  private void add(int code, int occurrences) {
    int slot = slot(code);
    if (codes[slot] != code || current[slot] == 0 && last[slot] == 0) {
      codes[slot] = code;
      current[slot] = 0;
      last[slot] = 0;
    }
    current[slot] = (int) Math.min(Integer.MAX_VALUE, (long) current[slot] + occurrences);
  }

  /**
   * Returns how many entries the cursor saw sharing a hash code: at least 1.
   *
   * @param code a key's hash code
   * @return the larger of the current and the last sweep's tally, or 1 for a code not seen shared
   */
  int keys(int code) {
    int slot = slot(code);
    if (codes[slot] != code) {
      return 1;
    }
    return Math.max(1, Math.max(current[slot], last[slot]));
  }

  private static int slot(int code) {
    return (code * 0x9E37_79B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
  }
}
