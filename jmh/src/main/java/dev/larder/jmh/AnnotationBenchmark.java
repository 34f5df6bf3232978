package dev.larder.jmh;

import dev.larder.annotation.CacheControl;
import dev.larder.annotation.Cached;
import dev.larder.annotation.support.CompositeKey;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hit path of memoization: a {@code @Cached} method (woven at build time) with a one-argument and
 * a three-argument key, against a direct {@code cache.get} of the same key on the same Larder cache,
 * and against Spring's {@code @Cacheable} proxy over a {@code ConcurrentMapCacheManager}. All keys
 * are cached during setup, so every call measured is a hit. Two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@Threads(2)
public class AnnotationBenchmark {

  static final int KEYS = 1 << 10;
  static final String TENANT = "acme";
  static final Long REGION = 7L;

  /** The memoized service, woven with Larder's aspect. */
  public static class Service {
    /** One-argument key. */
    @Cached(cache = "bench-one", ttl = "1h")
    public String one(Integer id) {
      return "v" + id;
    }

    /** Three-argument (composite) key. */
    @Cached(cache = "bench-three", ttl = "1h")
    public String three(Integer id, String tenant, Long region) {
      return "v" + id + tenant + region;
    }
  }

  /** The same service for Spring, called through its caching proxy. */
  public static class SpringService {
    /** One-argument key. */
    @Cacheable("spring-one")
    public String one(Integer id) {
      return "v" + id;
    }

    /** Three-argument key ({@code SimpleKey}). */
    @Cacheable("spring-three")
    public String three(Integer id, String tenant, Long region) {
      return "v" + id + tenant + region;
    }
  }

  /** Spring's configuration: caching enabled, in-memory caches. */
  @Configuration
  @EnableCaching
  public static class SpringConfig {
    /** The cache manager. */
    @Bean
    public ConcurrentMapCacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }

    /** The proxied service. */
    @Bean
    public SpringService springService() {
      return new SpringService();
    }
  }

  CacheManager manager;
  AnnotationConfigApplicationContext spring;
  Service service;
  SpringService springService;
  Cache<Object, Object> one;
  Cache<Object, Object> three;
  Integer[] ids;
  CompositeKey[] compositeKeys;

  /** Creates both services and caches every key. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = Caching.getCachingProvider("dev.larder.spi.LarderCachingProvider")
        .getCacheManager(URI.create("larder:annotation-bench"), null);
    CacheControl.useCacheManager(manager);
    service = new Service();
    spring = new AnnotationConfigApplicationContext(SpringConfig.class);
    springService = spring.getBean(SpringService.class);
    ids = new Integer[KEYS];
    compositeKeys = new CompositeKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      ids[i] = i;
      compositeKeys[i] = CompositeKey.of(ids[i], TENANT, REGION);
      service.one(ids[i]);
      service.three(ids[i], TENANT, REGION);
      springService.one(ids[i]);
      springService.three(ids[i], TENANT, REGION);
    }
    one = manager.getCache("bench-one");
    three = manager.getCache("bench-three");
    if (one == null || three == null || one.get(ids[3]) == null || three.get(compositeKeys[3]) == null) {
      throw new IllegalStateException("@Cached did not fill its caches: is the benchmark class woven?");
    }
  }

  /** Closes Spring and the cache manager. */
  @TearDown(Level.Trial)
  public void tearDown() {
    spring.close();
    manager.close();
  }

  private static int next() {
    return ThreadLocalRandom.current().nextInt(KEYS);
  }

  /** A direct get of a one-argument method's key. */
  @Benchmark
  public Object directGetOne() {
    return one.get(ids[next()]);
  }

  /** A {@code @Cached} hit, one argument. */
  @Benchmark
  public String cachedOne() {
    return service.one(ids[next()]);
  }

  /** Spring's {@code @Cacheable} hit, one argument. */
  @Benchmark
  public String springOne() {
    return springService.one(ids[next()]);
  }

  /** A direct get of a three-argument method's (composite) key. */
  @Benchmark
  public Object directGetThree() {
    return three.get(compositeKeys[next()]);
  }

  /**
   * A direct get of the same composite key built on the call, as hand-written caching code has to:
   * the fair baseline for a memoized method, which also builds its key from the arguments.
   */
  @Benchmark
  public Object directGetThreeNewKey() {
    return three.get(CompositeKey.of(ids[next()], TENANT, REGION));
  }

  /** A {@code @Cached} hit, three arguments. */
  @Benchmark
  public String cachedThree() {
    return service.three(ids[next()], TENANT, REGION);
  }

  /** Spring's {@code @Cacheable} hit, three arguments. */
  @Benchmark
  public String springThree() {
    return springService.three(ids[next()], TENANT, REGION);
  }
}
