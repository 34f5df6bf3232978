package dev.larder.jmh;

/**
 * A sequence of cache requests to replay: the key of each request and whether its outcome
 * counts towards the hit ratio (requests that do not count still go through the cache, e.g. an
 * attacker's requests interleaved with the legitimate ones).
 *
 * <p>The synthetic traces of the hit-ratio simulator are made here, with fixed seeds, so every
 * cache sees the same keys in the same order.
 */
public interface Trace {

  /**
   * Returns the trace's name, as printed in the tables.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the number of requests.
   *
   * @return the length
   */
  int length();

  /**
   * Returns the key of a request; equal requests return equal keys (not necessarily the same
   * object).
   *
   * @param i the request's index, {@code 0 <= i < length()}
   * @return the key
   */
  Object key(int i);

  /**
   * Tells whether a request's outcome counts towards the hit ratio.
   *
   * @param i the request's index
   * @return {@code true} by default
   */
  default boolean counted(int i) {
    return true;
  }

  /**
   * A trace whose every request counts, its keys given by a function of the request's index.
   *
   * @param name the name
   * @param length the number of requests
   * @param key the key of request {@code i}
   * @return the trace
   */
  static Trace of(String name, int length, java.util.function.IntFunction<Object> key) {
    return new Trace() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int length() {
        return length;
      }

      @Override
      public Object key(int i) {
        return key.apply(i);
      }
    };
  }

  /**
   * A trace of {@code Integer} keys.
   *
   * @param name the name
   * @param keys the keys in request order
   * @return the trace
   */
  static Trace ofInts(String name, int[] keys) {
    return of(name, keys.length, i -> keys[i]);
  }

  /**
   * A trace of {@code Long} keys (block numbers of a recorded trace).
   *
   * @param name the name
   * @param keys the keys in request order
   * @return the trace
   */
  static Trace ofLongs(String name, long[] keys) {
    return of(name, keys.length, i -> keys[i]);
  }

  /**
   * Zipf: 2M reads of 2^17 keys, exponent 1.0, seed 7, ranks scattered over the key space.
   *
   * @return the key indexes in {@code [0, 2^17)}
   */
  static int[] zipf() {
    return ZipfKeys.draw(1 << 17, 1.0, 2_000_000, 7);
  }

  /**
   * The Zipf reads of {@link #zipf()}, and after every 10,000 of them a scan of 5,000 keys never
   * seen before (about a third of all requests are one-off scan keys).
   *
   * @return the keys
   */
  static int[] zipfWithScans() {
    int[] reads = zipf();
    int scans = reads.length / 10_000;
    int[] out = new int[reads.length + scans * 5_000];
    int next = 1 << 20;
    int o = 0;
    for (int i = 0; i < reads.length; i++) {
      out[o++] = reads[i];
      if (i % 10_000 == 9_999) {
        for (int s = 0; s < 5_000; s++) {
          out[o++] = next++;
        }
      }
    }
    return out;
  }

  /**
   * Popularity follows recency: at step {@code t} the key is {@code t/16 - r}, with {@code r}
   * Zipf-distributed (exponent 1.0, seed 11) over 2^16 ranks, so recently introduced keys are the
   * hot ones and popularity decays with age.
   *
   * @return the keys
   */
  static int[] recency() {
    int length = 2_000_000;
    int[] ranks = ZipfKeys.ranks(1 << 16, 1.0, length, 11);
    int[] out = new int[length];
    for (int t = 0; t < length; t++) {
      out[t] = (1 << 20) + t / 16 - ranks[t];
    }
    return out;
  }
}
