package dev.larder.jmh;

import java.util.SplittableRandom;

/**
 * Zipf-distributed key sequences, made once with a fixed seed so every implementation sees the
 * same keys.
 *
 * <p>Rank {@code r} (1-based) of {@code n} is drawn with probability proportional to
 * {@code 1 / r^s}: the cumulative distribution is tabulated and sampled by binary search. Ranks are
 * then scattered over the key space by a fixed permutation so that hot keys are not neighbours.
 */
public final class ZipfKeys {

  private ZipfKeys() {}

  /**
   * Draws a sequence of key indexes in {@code [0, n)}.
   *
   * @param n how many distinct keys
   * @param exponent the Zipf exponent {@code s} (about 1 is typical of caches)
   * @param length how many draws
   * @param seed the random seed
   * @return the draws
   */
  public static int[] draw(int n, double exponent, int length, long seed) {
    int[] ranks = ranks(n, exponent, length, seed);
    int[] permutation = permutation(n, seed ^ 0x9E3779B97F4A7C15L);
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = permutation[ranks[i]];
    }
    return ranks;
  }

  /**
   * Returns the benchmarks' read order: {@code length} of the given (pre-boxed) keys, drawn with
   * Zipf exponent 1.0 and seed 42, so every benchmark and implementation reads the same sequence.
   *
   * @param keys the distinct keys
   * @param length how many reads
   * @return the keys in read order
   */
  public static Integer[] sequence(Integer[] keys, int length) {
    int[] draws = draw(keys.length, 1.0, length, 42);
    Integer[] sequence = new Integer[length];
    for (int i = 0; i < length; i++) {
      sequence[i] = keys[draws[i]];
    }
    return sequence;
  }

  /**
   * Draws Zipf ranks: 0 is the most popular, {@code n - 1} the least.
   *
   * @param n how many ranks
   * @param exponent the Zipf exponent
   * @param length how many draws
   * @param seed the random seed
   * @return the ranks drawn
   */
  public static int[] ranks(int n, double exponent, int length, long seed) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1.0 / Math.pow(r + 1, exponent);
      cdf[r] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      double u = random.nextDouble() * sum;
      int lo = 0;
      int hi = n - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      out[i] = lo;
    }
    return out;
  }

  /**
   * Returns a random permutation of {@code 0 .. n-1}.
   *
   * @param n the size
   * @param seed the random seed
   * @return the permutation
   */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
