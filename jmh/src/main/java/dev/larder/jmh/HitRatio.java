package dev.larder.jmh;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The hit-ratio benchmark: replays synthetic traces through bounded caches (Larder, Caffeine and a
 * plain LRU) and prints a Markdown table of hit ratios. Every miss is followed by a put, as a
 * read-through cache would do.
 *
 * <p>Traces (all with a fixed seed):
 * <ul>
 *   <li><b>zipf</b>: 2M reads of 2^17 keys, Zipf exponent 1.0 (skewed);
 *   <li><b>zipf+scan</b>: the same Zipf reads, and after every 10,000 of them a scan of 5,000 keys
 *       never seen before (about a third of all requests are one-off scan keys);
 *   <li><b>recency</b>: popularity follows recency: at step {@code t} the key is {@code t/16 - r},
 *       with {@code r} Zipf-distributed (exponent 1.0) over 2^16 ranks, so recently introduced
 *       keys are the hot ones and popularity decays with age.
 * </ul>
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar dev.larder.jmh.HitRatio [cacheSize]}
 * (default 2048 entries).
 */
public final class HitRatio {

  private HitRatio() {}

  /**
   * Runs every trace against every cache and prints the table.
   *
   * @param args optional cache size
   */
  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    Map<String, int[]> traces = new LinkedHashMap<>();
    traces.put("zipf (s=1.0, 2^17 keys)", zipf());
    traces.put("zipf + scans", zipfWithScans());
    traces.put("recency-biased", recency());
    System.out.println("| trace (cache size " + size + ") | Larder | Caffeine | LRU |");
    System.out.println("| --- | --- | --- | --- |");
    for (Map.Entry<String, int[]> trace : traces.entrySet()) {
      double larder = replay(Impl.LARDER.create(new Settings(false, false, false, size)), trace.getValue());
      double caffeine = replay(Impl.CAFFEINE.create(new Settings(false, false, false, size)), trace.getValue());
      double lru = replay(lru(size), trace.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.2f %% | %.2f %% | %.2f %% |%n", trace.getKey(),
          100 * larder, 100 * caffeine, 100 * lru);
    }
    System.exit(0);
  }

  static double replay(CacheAdapter cache, int[] trace) {
    long hits = 0;
    Integer[] boxes = new Integer[1 << 16];
    for (int key : trace) {
      Integer k = key >= 0 && key < boxes.length
          ? (boxes[key] == null ? boxes[key] = key : boxes[key]) : Integer.valueOf(key);
      if (cache.get(k) != null) {
        hits++;
      } else {
        cache.put(k, k);
      }
    }
    cache.close();
    return (double) hits / trace.length;
  }

  static int[] zipf() {
    return ZipfKeys.draw(1 << 17, 1.0, 2_000_000, 7);
  }

  static int[] zipfWithScans() {
    int[] reads = ZipfKeys.draw(1 << 17, 1.0, 2_000_000, 7);
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

  static int[] recency() {
    int length = 2_000_000;
    int[] ranks = ZipfKeys.ranks(1 << 16, 1.0, length, 11);
    int[] out = new int[length];
    for (int t = 0; t < length; t++) {
      out[t] = (1 << 20) + t / 16 - ranks[t];
    }
    return out;
  }

  static CacheAdapter lru(int size) {
    Map<Integer, Integer> map = new LinkedHashMap<>(size * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
        return size() > size;
      }
    };
    return CacheAdapter.of(map);
  }
}
