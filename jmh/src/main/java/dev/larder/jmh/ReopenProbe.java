package dev.larder.jmh;

import dev.larder.Durability;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * How long a persistent cache of many entries takes from "open the cache manager" to the first
 * served {@code get}, after a clean close. Run with
 * {@code java -cp jmh/target/benchmarks.jar dev.larder.jmh.ReopenProbe [entries] [rounds]}.
 */
public final class ReopenProbe {

  private ReopenProbe() {}

  /**
   * Fills a store, then reopens it several times and prints the time to the first get.
   *
   * @param args the number of entries (default 1,000,000) and of reopen rounds (default 5)
   */
  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("larder-reopen");
    Properties p = new Properties();
    p.setProperty("larder.directory", dir.toString());
    CachingProvider provider = Caching.getCachingProvider("dev.larder.spi.LarderCachingProvider");
    long t0 = System.nanoTime();
    try (CacheManager manager = provider.getCacheManager(URI.create("larder:reopen"), null, p)) {
      Cache<Integer, String> cache = manager.createCache("big", config(Durability.WRITE_BEHIND));
      Map<Integer, String> batch = new HashMap<>();
      for (int i = 0; i < entries; i++) {
        batch.put(i, "value-" + i);
        if (batch.size() == 10_000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      cache.putAll(batch);
    }
    long bytes;
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      bytes = files.filter(f -> f.getFileName().toString().equals("big.db")).mapToLong(f -> f.toFile().length()).sum();
    }
    System.out.printf("filled %,d entries in %.1f s (%,d bytes on disk)%n", entries,
        (System.nanoTime() - t0) / 1e9, bytes);
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      try (CacheManager manager = provider.getCacheManager(URI.create("larder:reopen"), null, p)) {
        Cache<Integer, String> cache = manager.createCache("big", config(Durability.COMMIT));
        String value = cache.get(entries / 2);
        long elapsed = System.nanoTime() - start;
        if (!("value-" + entries / 2).equals(value)) {
          throw new IllegalStateException("wrong value after reopen: " + value);
        }
        System.out.printf("reopen %d: first get served after %.3f s%n", r, elapsed / 1e9);
      }
    }
  }

  private static LarderConfiguration<Integer, String> config(Durability durability) {
    LarderConfiguration<Integer, String> c = new LarderConfiguration<Integer, String>()
        .setMode(Mode.PERSISTENT).setDurability(durability);
    c.setTypes(Integer.class, String.class);
    return c;
  }
}
