package dev.larder.jmh;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of get, put and a 75/25 mix on a pre-populated cache of 2^16 Integer keys, read in a
 * Zipf-distributed order, for every {@link Impl}.
 *
 * <p>Parameters: the implementation, {@code expiry} (eternal, or a Created, Accessed or
 * Touched policy of one hour), {@code stats}, {@code byValue} and {@code listener} (a registered
 * listener not interested in the events the workload produces) and {@code maximumSize} (a bound
 * of so many entries, each peer bounded through its own configuration; 131,072 bounds the 2^16
 * keys without evicting any). Keys and values are pre-boxed, so the loop measures the cache,
 * not {@code Integer.valueOf}. The heap is compacted with {@code System.gc()} after setup.
 *
 * <p>The documented runs (see {@code docs/benchmarks.md}) pick parameters with {@code -p}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class JCacheBenchmark {

  /** Distinct keys, all present after setup. */
  static final int KEYS = 1 << 16;
  /** Length of the pre-drawn key sequence (a power of two). */
  static final int SEQUENCE = 1 << 20;
  static final int MASK = SEQUENCE - 1;

  /** The implementation under test. */
  @Param({"CHM", "CAFFEINE", "LARDER", "CAFFEINE_JCACHE", "EHCACHE3", "CACHE2K", "RI"})
  public Impl impl;

  /** The expiry policy: eternal, or a built-in policy of one hour (Created, Accessed, Touched). */
  @Param({"ETERNAL", "CREATED"})
  public Expiry expiry;

  /** Whether statistics are on. */
  @Param({"false"})
  public boolean stats;

  /** Store-by-value ({@code true}) or by-reference. */
  @Param({"false"})
  public boolean byValue;

  /** Whether a listener interested only in REMOVED events (never produced here) is registered. */
  @Param({"false"})
  public boolean listener;

  /** The size bound in entries, or 0 for none (a bound above the key count evicts nothing). */
  @Param({"0"})
  public long maximumSize;

  CacheAdapter cache;
  Integer[] sequence;

  /** Creates and fills the cache, draws the key sequence, then compacts the heap. */
  @Setup(Level.Trial)
  public void setUp() {
    cache = impl.create(new Settings(expiry, stats, byValue, listener, maximumSize));
    Integer[] boxed = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      boxed[i] = i;
      cache.put(boxed[i], boxed[i]);
    }
    sequence = ZipfKeys.sequence(boxed, SEQUENCE);
    for (Integer key : boxed) {
      if (cache.get(key) == null) {
        throw new IllegalStateException(impl + ": pre-populated key " + key + " is missing");
      }
    }
    System.gc();
  }

  /** Closes the cache. */
  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  /** Each thread walks the sequence from its own random start. */
  @State(Scope.Thread)
  public static class Cursor {
    int index = ThreadLocalRandom.current().nextInt(SEQUENCE);

    int next() {
      return index++ & MASK;
    }
  }

  /**
   * Reads, two threads.
   *
   * @param cursor the thread's position
   * @return the value read
   */
  @Benchmark
  @Threads(2)
  public Integer get(Cursor cursor) {
    return cache.get(sequence[cursor.next()]);
  }

  /**
   * Reads, one thread.
   *
   * @param cursor the thread's position
   * @return the value read
   */
  @Benchmark
  @Threads(1)
  public Integer get1(Cursor cursor) {
    return cache.get(sequence[cursor.next()]);
  }

  /**
   * 75 % reads, 25 % writes (of the key's own value), two threads.
   *
   * @param cursor the thread's position
   * @return the value read, or {@code null} after a write
   */
  @Benchmark
  @Threads(2)
  public Integer mixed(Cursor cursor) {
    int i = cursor.next();
    Integer key = sequence[i];
    if ((i & 3) == 0) {
      cache.put(key, key);
      return null;
    }
    return cache.get(key);
  }

  /**
   * Writes (updates of present keys), two threads.
   *
   * @param cursor the thread's position
   */
  @Benchmark
  @Threads(2)
  public void put(Cursor cursor) {
    Integer key = sequence[cursor.next()];
    cache.put(key, key);
  }
}
