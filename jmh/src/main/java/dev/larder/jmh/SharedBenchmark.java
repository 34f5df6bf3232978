package dev.larder.jmh;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shared mode's speed against the network limit and a peer, in one run, on a {@code redis-server}
 * this benchmark starts on a free loopback port (and stops):
 *
 * <ul>
 *   <li>{@code LARDER}: a shared cache, every read a round trip; {@code LARDER_NEAR}: the same with
 *   a near cache of 10,000 entries (reads of the 1,000 keys answered from memory);
 *   {@code LARDER_VOLATILE}: a volatile (in-memory) Larder cache, the yardstick of a near-cache hit;</li>
 *   <li>{@code LETTUCE}: raw Lettuce {@code GET}/{@code SET} ({@code MGET}/{@code MSET} for the
 *   bulk benchmarks) with the sync API over one multiplexed connection and client resources of two
 *   I/O threads, as Larder's (the limit for one round trip per operation);</li>
 *   <li>{@code REDISSON}: Redisson's JCache ({@code org.redisson.jcache.JCachingProvider}) configured as
 *   its documentation says ({@code RedissonConfiguration.fromConfig} over a single-server
 *   {@code Config}).</li>
 * </ul>
 *
 * <p>Keys are 1,000 strings, values 100-character strings, all written before the measurement.
 * {@code get} and {@code put} are one key per operation, cycling over the keys (each thread from
 * its own offset); {@code getAll100}/{@code putAll100} are one bulk call of 100 keys, counted as
 * 100 operations, to be compared with {@code get}/{@code put}. Run with {@code -t 1}, {@code -t 2}
 * and {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class SharedBenchmark {

  static final int KEYS = 1_000;
  static final int BATCH = 100;

  /** What is measured. */
  @Param({"LARDER", "LARDER_NEAR", "LETTUCE", "REDISSON", "LARDER_VOLATILE"})
  public String impl;

  private Process server;
  private Path dir;
  private CacheManager manager;
  private CachingProvider provider;
  private Cache<String, String> cache;
  private RedisClient lettuce;
  private io.lettuce.core.resource.ClientResources resources;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private RedisCommands<byte[], byte[]> redis;
  String[] keys;
  byte[][] rawKeys;
  String value;
  byte[] rawValue;
  private final AtomicInteger offsets = new AtomicInteger();

  /** Each thread's place in the key cycle. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup
    public void start(SharedBenchmark b) {
      next = b.offsets.getAndAdd(KEYS / 16 + 7);
    }

    int next() {
      int n = next++ % KEYS;
      if (next >= KEYS * 1000) {
        next = 0;
      }
      return n;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    keys = new String[KEYS];
    rawKeys = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
      rawKeys[i] = keys[i].getBytes(StandardCharsets.UTF_8);
    }
    value = "v".repeat(100);
    rawValue = value.getBytes(StandardCharsets.UTF_8);
    int port = 0;
    if (!impl.equals("LARDER_VOLATILE")) {
      port = startRedis();
    }
    String uri = "redis://127.0.0.1:" + port;
    switch (impl) {
      case "LETTUCE" -> {
        // as Larder's link: two I/O and two computation threads, one multiplexed connection
        resources = io.lettuce.core.resource.DefaultClientResources.builder().ioThreadPoolSize(2)
            .computationThreadPoolSize(2).build();
        lettuce = RedisClient.create(resources, uri);
        connection = lettuce.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
      }
      case "REDISSON" -> {
        org.redisson.config.Config config = new org.redisson.config.Config();
        config.useSingleServer().setAddress(uri);
        provider = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider");
        manager = provider.getCacheManager();
        MutableConfiguration<String, String> jcache = new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class);
        cache = manager.createCache("bench",
            org.redisson.jcache.configuration.RedissonConfiguration.fromConfig(config, jcache));
      }
      default -> {
        provider = Caching.getCachingProvider("dev.larder.spi.LarderCachingProvider");
        Properties props = new Properties();
        props.setProperty("larder.redis.uri", uri);
        manager = provider.getCacheManager(URI.create("urn:larder:bench-" + impl), getClass().getClassLoader(), props);
        LarderConfiguration<String, String> config = new LarderConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setMode(impl.equals("LARDER_VOLATILE") ? Mode.VOLATILE : Mode.SHARED);
        if (impl.equals("LARDER_NEAR")) {
          config.setRedisNearCache(10_000);
        }
        cache = manager.createCache("bench", config);
      }
    }
    for (int i = 0; i < KEYS; i++) {
      put(i);
    }
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < KEYS; i++) {
        get(i); // fills the near cache once its channel is up
      }
      Thread.sleep(200);
    }
  }

  private int startRedis() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    dir = Files.createTempDirectory("larder-jmh-redis-");
    server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return port;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (connection != null) {
      connection.close();
      lettuce.shutdown();
      resources.shutdown();
    }
    if (server != null) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Object get(int i) {
    return redis != null ? redis.get(rawKeys[i]) : cache.get(keys[i]);
  }

  private void put(int i) {
    if (redis != null) {
      redis.set(rawKeys[i], rawValue);
    } else {
      cache.put(keys[i], value);
    }
  }

  /**
   * One read of one key.
   *
   * @param c the thread's cursor
   * @return the value
   */
  @Benchmark
  public Object get(Cursor c) {
    return get(c.next());
  }

  /**
   * One write of one key (an existing one: an update).
   *
   * @param c the thread's cursor
   */
  @Benchmark
  public void put(Cursor c) {
    put(c.next());
  }

  /**
   * One {@code getAll} of 100 keys (raw Lettuce: {@code MGET}), per 100 operations.
   *
   * @param c the thread's cursor
   * @return the values
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object getAll100(Cursor c) {
    int from = c.next() / BATCH * BATCH;
    if (redis != null) {
      byte[][] batch = new byte[BATCH][];
      System.arraycopy(rawKeys, from, batch, 0, BATCH);
      return redis.mget(batch);
    }
    Set<String> batch = new LinkedHashSet<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(keys[from + i]);
    }
    return cache.getAll(batch);
  }

  /**
   * One {@code putAll} of 100 keys (raw Lettuce: {@code MSET}), per 100 operations.
   *
   * @param c the thread's cursor
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void putAll100(Cursor c) {
    int from = c.next() / BATCH * BATCH;
    if (redis != null) {
      Map<byte[], byte[]> batch = new HashMap<>();
      for (int i = 0; i < BATCH; i++) {
        batch.put(rawKeys[from + i], rawValue);
      }
      redis.mset(batch);
      return;
    }
    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < BATCH; i++) {
      batch.put(keys[from + i], value);
    }
    cache.putAll(batch);
  }
}
