package dev.larder.jmh;

import dev.larder.Durability;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Larder's persistent mode against its volatile mode in the same run: reads of entries in memory
 * ({@code get}), reads that miss memory and go to the file ({@code getFromFile}, memory bounded to
 * 1,024 of 65,536 entries), and puts of new keys from one and two threads per durability.
 * Throughput in operations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class PersistentBenchmark {

  static final int KEYS = 1 << 16;

  /** VOLATILE (the baseline) or PERSISTENT. */
  @Param({"VOLATILE", "PERSISTENT"})
  public String mode;

  /** What a persistent write has survived when it returns. */
  @Param({"COMMIT", "FSYNC", "WRITE_BEHIND"})
  public String durability;

  Path dir;
  CacheManager manager;
  Cache<Integer, String> cache;
  Cache<Integer, String> bounded;
  Integer[] keys;
  final AtomicInteger nextKey = new AtomicInteger(KEYS);

  /**
   * Fills both caches in a fresh folder (persistent ones through a write-behind cache, reopened with
   * the durability under test), reads every key once so memory holds what it can, then compacts
   * the heap.
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("larder-bench");
    keys = new Integer[KEYS];
    java.util.Map<Integer, String> all = new java.util.HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
      all.put(keys[i], "value-" + i);
    }
    if (mode.equals("PERSISTENT")) {
      try (CacheManager filler = open()) {
        filler.createCache("main", config(0, Durability.WRITE_BEHIND)).putAll(all);
        filler.createCache("bounded", config(1_024, Durability.WRITE_BEHIND)).putAll(all);
      }
    }
    manager = open();
    cache = manager.createCache("main", config(0, Durability.valueOf(durability)));
    bounded = manager.createCache("bounded", config(1_024, Durability.valueOf(durability)));
    if (mode.equals("VOLATILE")) {
      cache.putAll(all);
      bounded.putAll(all);
    }
    // load memory with getAll, not get: 65,536 misses through get would be the profile the JIT
    // compiles get with (file read inlined into it) before the measured hits start
    for (int from = 0; from < KEYS; from += 1_024) {
      java.util.Set<Integer> chunk = new java.util.HashSet<>(java.util.Arrays.asList(keys).subList(from, from + 1_024));
      if (cache.getAll(chunk).size() != chunk.size()) {
        throw new IllegalStateException("keys from " + from + " are missing after setup");
      }
    }
    System.gc();
  }

  private CacheManager open() {
    Properties p = new Properties();
    p.setProperty("larder.directory", dir.toString());
    CachingProvider provider = Caching.getCachingProvider("dev.larder.spi.LarderCachingProvider");
    // one manager URI for filling and measuring: both see the same files (the filler is closed first)
    return provider.getCacheManager(URI.create("larder:bench"), null, p);
  }

  private LarderConfiguration<Integer, String> config(long maximumSize, Durability d) {
    LarderConfiguration<Integer, String> c = new LarderConfiguration<Integer, String>()
        .setMode(Mode.valueOf(mode)).setDurability(d).setMaximumSize(maximumSize);
    c.setTypes(Integer.class, String.class).setStoreByValue(false);
    return c;
  }

  /** Closes the caches and deletes the folder. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    manager.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Reads of entries in memory, two threads. */
  @Benchmark
  @Threads(2)
  public String get() {
    return cache.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  /** Reads where memory holds 1/64 of the entries: most go to the file. One thread. */
  @Benchmark
  @Threads(1)
  public String getFromFile() {
    return bounded.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  /** Puts of new keys, one thread. */
  @Benchmark
  @Threads(1)
  @Measurement(iterations = 8, time = 1, timeUnit = TimeUnit.SECONDS)
  public void put1() {
    cache.put(nextKey.incrementAndGet(), "new");
  }

  /** Puts of new keys, two threads. */
  @Benchmark
  @Threads(2)
  public void put2() {
    cache.put(nextKey.incrementAndGet(), "new");
  }
}
