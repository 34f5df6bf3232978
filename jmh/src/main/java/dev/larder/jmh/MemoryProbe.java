package dev.larder.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Measures retained heap per entry: fills one cache with 1M Integer→Integer entries (Created
 * expiry of one hour, store-by-reference, statistics off) and reports the heap delta after forced
 * garbage collections, divided by the number of entries.
 *
 * <p>The key and value objects are allocated before the first measurement and kept reachable by
 * the probe, so the delta is what the cache itself retains (its table, nodes, entry wrappers,
 * deadlines). Run each implementation in its own JVM with a fixed heap, e.g.
 * {@code java -Xms2g -Xmx2g -XX:+UseParallelGC -cp jmh/target/benchmarks.jar dev.larder.jmh.MemoryProbe LARDER}.
 */
public final class MemoryProbe {

  private static final int ENTRIES = 1_000_000;

  private MemoryProbe() {}

  /**
   * Prints "IMPL bytes/entry" for the implementation named by the first argument.
   *
   * @param args an {@link Impl} name, optionally followed by {@code eternal}
   * @throws InterruptedException if interrupted while settling the heap
   */
  public static void main(String[] args) throws InterruptedException {
    Impl impl = Impl.valueOf(args[0]);
    boolean ttl = args.length < 2 || !"eternal".equals(args[1]);
    Integer[] keys = new Integer[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = i + 1_000_000;
    }
    CacheAdapter cache = impl.create(new Settings(ttl, false, false, 0));
    long before = usedAfterGc();
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(keys[i], keys[i]);
    }
    long after = usedAfterGc();
    if (cache.get(keys[ENTRIES - 1]) == null) {
      throw new IllegalStateException(impl + " lost an entry");
    }
    System.out.printf(Locale.ROOT, "%s %s %.1f bytes/entry%n", impl, ttl ? "ttl" : "eternal",
        (after - before) / (double) ENTRIES);
    cache.close();
    System.out.println(keys.length);
    System.exit(0);
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
