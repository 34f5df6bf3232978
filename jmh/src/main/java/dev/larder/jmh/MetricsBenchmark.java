package dev.larder.jmh;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.micrometer.LarderCacheMeterBinder;
import dev.larder.spi.LarderCachingProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
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
 * The read path of a Larder cache with and without a Micrometer registry bound
 * ({@code LarderCacheMeterBinder} on a {@code SimpleMeterRegistry}), and with JSR-107 statistics
 * for comparison: the same 2^16 Integer keys in Zipf order as {@link JCacheBenchmark}, store by
 * reference.
 *
 * <p>{@code counting}: {@code NONE} (no registry, statistics off: the read path counts nothing),
 * {@code REGISTRY} (a bound registry: the cache counts hits and misses for it, no MXBean),
 * {@code STATISTICS} (JSR-107 statistics on, no registry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class MetricsBenchmark {

  /** What counts on the read path. */
  public enum Counting { NONE, REGISTRY, STATISTICS }

  @Param({"NONE", "REGISTRY", "STATISTICS"})
  public Counting counting;

  @Param({"ETERNAL", "CREATED"})
  public Expiry expiry;

  private CacheManager manager;
  private LarderCache<Integer, Integer> cache;
  private SimpleMeterRegistry registry;
  Integer[] sequence;

  /** Creates, fills and (for REGISTRY) binds the cache. */
  @Setup(Level.Trial)
  public void setUp() {
    LarderCachingProvider provider = new LarderCachingProvider();
    manager = provider.getCacheManager(URI.create("metrics-bench"), getClass().getClassLoader(), new Properties());
    cache = LarderCache.of(manager.createCache("bench", new LarderConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class).setStoreByValue(false)
        .setStatisticsEnabled(counting == Counting.STATISTICS).setExpiryPolicyFactory(expiry.factory())));
    if (counting == Counting.REGISTRY) {
      registry = new SimpleMeterRegistry();
      LarderCacheMeterBinder.monitor(registry, cache);
    }
    if (cache.metrics().isCounting() != (counting != Counting.NONE)) {
      throw new IllegalStateException("counting is " + cache.metrics().isCounting() + " for " + counting);
    }
    Integer[] boxed = new Integer[JCacheBenchmark.KEYS];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
      cache.put(boxed[i], boxed[i]);
    }
    sequence = ZipfKeys.sequence(boxed, JCacheBenchmark.SEQUENCE);
    System.gc();
  }

  /** Checks the registry saw the reads, then closes the cache. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (registry != null && registry.get("cache.gets").tag("result", "hit").functionCounter().count() == 0) {
      throw new IllegalStateException("the bound registry counted no hits");
    }
    manager.close();
  }

  /**
   * Reads, one thread.
   *
   * @param cursor the thread's position
   * @return the value read
   */
  @Benchmark
  @Threads(1)
  public Integer get1(JCacheBenchmark.Cursor cursor) {
    return cache.get(sequence[cursor.next()]);
  }

  /**
   * Reads, two threads.
   *
   * @param cursor the thread's position
   * @return the value read
   */
  @Benchmark
  @Threads(2)
  public Integer get(JCacheBenchmark.Cursor cursor) {
    return cache.get(sequence[cursor.next()]);
  }
}
