package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.jcache.LarderJCache;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.OwnPolicy;
import dev.larder.redis.testing.RedisForClass;
import dev.larder.spi.LarderCachingProvider;
import dev.larder.testing.Race;
import dev.larder.testing.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-round-trip writes (put, getAndPut, putIfAbsent, replace, getAndReplace, remove,
 * getAndRemove without writer or synchronous listener, with a built-in expiry policy): one script
 * per write and no lease, the same events and statistics as the step path (a volatile cache is the
 * oracle), the expiry policies' deadlines, and the rule that a computation or a step never
 * overwrites a newer write.
 */
class DirectWriteTest {

  private static final Pattern PEXPIRE = Pattern.compile("cmdstat_pexpire:calls=(\\d+)");

  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();
  @RegisterExtension
  final Instances instances = new Instances();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<LarderCachingProvider> volatileProviders = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    volatileProviders.forEach(LarderCachingProvider::close);
  }

  private CacheManager instance(Object... extra) {
    return instances.manager(REDIS.uri(), instances.namespace(), extra);
  }

  private CacheManager volatileManager(ManualClock clock) {
    LarderCachingProvider provider = new LarderCachingProvider();
    volatileProviders.add(provider);
    Properties properties = new Properties();
    if (clock != null) {
      properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    }
    return provider.getCacheManager(URI.create("urn:larder:oracle"), getClass().getClassLoader(), properties);
  }

  private static LarderConfiguration<String, String> config() {
    LarderConfiguration<String, String> config = new LarderConfiguration<>();
    config.setTypes(String.class, String.class).setStatisticsEnabled(true);
    return config;
  }

  private static LarderCache<String, String> cache(CacheManager manager, String name,
      Consumer<LarderConfiguration<String, String>> tune) {
    LarderConfiguration<String, String> config = config();
    tune.accept(config);
    return LarderCache.of(manager.createCache(name, config));
  }

  private static RecordingListener<String, String> listen(Cache<String, String> cache, boolean synchronous) {
    RecordingListener<String, String> listener = new RecordingListener<>();
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, synchronous));
    return listener;
  }

  /** How many PEXPIREs Redis ran: every lease taken sets one; a direct write never does. */
  private static long leasesTaken() {
    Matcher m = PEXPIRE.matcher(REDIS.server().cli("INFO", "commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String statistics(Cache<String, String> cache) {
    CacheStatisticsMXBean s = cache.unwrap(LarderJCache.class).statistics();
    return "hits=" + s.getCacheHits() + " misses=" + s.getCacheMisses() + " puts=" + s.getCachePuts()
        + " removals=" + s.getCacheRemovals();
  }

  /** Every single-key write the direct path serves, with their results. */
  private static List<Object> writes(Cache<String, String> c) {
    List<Object> results = new ArrayList<>();
    c.put("k1", "v1");
    c.put("k1", "v2");
    results.add(c.getAndPut("k1", "v3"));
    results.add(c.getAndPut("k4", "u1"));
    results.add(c.putIfAbsent("k1", "x"));
    results.add(c.putIfAbsent("k2", "w1"));
    results.add(c.replace("k3", "x"));
    results.add(c.replace("k2", "w2"));
    results.add(c.getAndReplace("k2", "w3"));
    results.add(c.getAndReplace("k3", "x"));
    results.add(c.remove("k3"));
    results.add(c.remove("k2"));
    results.add(c.getAndRemove("k1"));
    results.add(c.getAndRemove("k1"));
    return results;
  }

  /** Events by key, in each key's order (listeners see each key's events in order, not all keys' in one order). */
  private static Map<String, List<String>> byKey(List<String> events) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String e : events) {
      out.computeIfAbsent(e.split(" ")[1], k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * Runs the same writes on a volatile cache (the oracle) and on a shared one watched by a listener
   * on two instances: same results, events and statistics, and no lease taken.
   *
   * @return the number of leases taken before the shared writes
   */
  private long assertAsTheOracleWithoutLeases(String name, int events,
      java.util.function.Function<Cache<String, String>, List<Object>> writes) throws InterruptedException {
    Cache<String, String> oracle = volatileManager(null).createCache(name, config());
    RecordingListener<String, String> oracleEvents = listen(oracle, false);
    oracleEvents.expect(events);
    List<Object> expected = writes.apply(oracle);
    assertTrue(oracleEvents.await());

    Cache<String, String> a = cache(instance(), name, c -> { });
    Cache<String, String> b = cache(instance(), name, c -> { });
    RecordingListener<String, String> local = listen(a, false);
    RecordingListener<String, String> remote = listen(b, false);
    local.expect(events);
    remote.expect(events);
    long leases = leasesTaken();
    assertEquals(expected, writes.apply(a), "same results as a volatile cache");
    assertEquals(leases, leasesTaken(), "no write took a lease (each was one script)");
    assertTrue(local.await() && remote.await(), "all events delivered");
    assertEquals(events, oracleEvents.events().size());
    assertEquals(byKey(oracleEvents.events()), byKey(local.events()), "this instance's listener: as the step path reports");
    assertEquals(byKey(oracleEvents.events()), byKey(remote.events()), "another instance's listener: the same");
    assertEquals(statistics(oracle), statistics(a), "statistics exact");
    assertEquals("hits=0 misses=0 puts=0 removals=0", statistics(b));
    return leases;
  }

  @Test
  void directWritesTakeNoLeaseAndReportWhatTheStepPathReports() throws Exception {
    long leases = assertAsTheOracleWithoutLeases("c", 9, DirectWriteTest::writes);

    // with a writer, the same writes go through the lease-based step: the count above can fail
    Cache<String, String> withWriter = cache(instance(), "w", c -> c.setWriteThrough(true)
        .setCacheWriterFactory(() -> new NoWriter()));
    withWriter.put("k", "v");
    assertTrue(leasesTaken() > leases, "a write with a writer takes the key's lease");
  }

  /** putAll and removeAll over more keys than one chunk: creates, updates, removals of present and absent keys. */
  private static List<Object> bulkWrites(Cache<String, String> c) {
    Map<String, String> first = new TreeMap<>();
    for (int i = 0; i < 70; i++) {
      first.put("b" + i, "v" + i);
    }
    c.putAll(first);
    Map<String, String> second = new TreeMap<>();
    for (int i = 50; i < 120; i++) {
      second.put("b" + i, "w" + i);
    }
    c.putAll(second);
    Set<String> gone = new HashSet<>();
    for (int i = 0; i < 130; i += 2) {
      gone.add("b" + i);
    }
    c.removeAll(gone);
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      results.add(c.get("b" + i));
    }
    return results;
  }

  @Test
  void bulkDirectWritesTakeNoLeaseAndReportWhatTheStepPathReports() throws Exception {
    assertAsTheOracleWithoutLeases("bulk", 70 + 70 + 60, DirectWriteTest::bulkWrites);
  }

  /** Writes that find expired entries (the clock moved on; Redis' own sweep has not seen them yet). */
  private static List<Object> expiring(Cache<String, String> c, ManualClock clock) {
    LarderCache<String, String> lc = LarderCache.of(c);
    for (String key : List.of("k", "gone", "p", "rm", "x")) {
      lc.put(key, "old", Duration.ofSeconds(10));
    }
    clock.advance(Duration.ofMinutes(1));
    List<Object> results = new ArrayList<>();
    results.add(c.putIfAbsent("k", "new"));
    results.add(c.replace("gone", "x"));
    results.add(c.getAndPut("p", "new"));
    results.add(c.remove("rm"));
    c.put("x", "new");
    results.add(c.get("x"));
    return results;
  }

  @Test
  void anExpiredEntryIsReportedOnceAndReplacedOrRemovedByADirectWrite() throws Exception {
    int events = 13; // five CREATED (the setup), five EXPIRED, three CREATED
    ManualClock oracleClock = new ManualClock(System.currentTimeMillis());
    Cache<String, String> oracle = volatileManager(oracleClock).createCache("c", config());
    RecordingListener<String, String> oracleEvents = listen(oracle, false);
    oracleEvents.expect(events);
    List<Object> expected = expiring(oracle, oracleClock);
    assertTrue(oracleEvents.await());

    ManualClock clock = new ManualClock(System.currentTimeMillis());
    Cache<String, String> a = cache(instance(LarderCacheManager.CLOCK_PROPERTY, clock), "c", c -> { });
    RecordingListener<String, String> local = listen(a, false);
    local.expect(events);
    long leases = leasesTaken();
    assertEquals(expected, expiring(a, clock));
    assertEquals(0, leasesTaken() - leases, "all direct writes, the puts with a ttl of their own included");
    assertTrue(local.await());
    Thread.sleep(100); // no more (an expiry reported twice)
    assertEquals(byKey(oracleEvents.events()), byKey(local.events()));
    assertEquals(statistics(oracle), statistics(a));
  }

  private static Duration ttl(LarderCache<String, String> cache, String key) {
    return cache.ttl(key).orElse(null);
  }

  private static boolean about(Duration actual, Duration expected) {
    return actual != null && actual.compareTo(expected) <= 0 && actual.compareTo(expected.minusSeconds(30)) > 0;
  }

  @Test
  void updatesKeepOrMoveTheDeadlineAsTheBuiltInPoliciesSay() {
    javax.cache.expiry.Duration ten = new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10);
    Map<String, Factory<? extends ExpiryPolicy>> policies = new HashMap<>();
    policies.put("created", CreatedExpiryPolicy.factoryOf(ten));
    policies.put("modified", ModifiedExpiryPolicy.factoryOf(ten));
    policies.put("accessed", AccessedExpiryPolicy.factoryOf(ten));
    policies.put("touched", TouchedExpiryPolicy.factoryOf(ten));
    policies.put("eternal", EternalExpiryPolicy.factoryOf());
    Map<String, Boolean> updateMoves = Map.of("created", false, "modified", true, "accessed", false,
        "touched", true, "eternal", false);
    CacheManager manager = instance();
    for (Map.Entry<String, Factory<? extends ExpiryPolicy>> p : policies.entrySet()) {
      String name = p.getKey();
      LarderCache<String, String> c = cache(manager, name, config -> config.setExpiryPolicyFactory(p.getValue()));
      long leases = leasesTaken();
      c.put("k", "created");
      assertEquals(leases, leasesTaken(), name + ": put is a direct write");
      Duration created = ttl(c, "k");
      if (name.equals("eternal")) {
        assertTrue(created == null || created.compareTo(Duration.ofDays(365_000)) > 0, name + ": no deadline: " + created);
      } else {
        assertTrue(about(created, Duration.ofMinutes(10)), name + ": created with the creation ttl: " + created);
      }
      c.put("k", "long", Duration.ofMinutes(60)); // a ttl of the call's own
      assertTrue(about(ttl(c, "k"), Duration.ofMinutes(60)), name);
      assertFalse(c.putIfAbsent("k", "x", Duration.ofMinutes(5)), name);
      assertTrue(about(ttl(c, "k"), Duration.ofMinutes(60)), name + ": a putIfAbsent that did nothing changed nothing");
      assertEquals(leases, leasesTaken(), name + ": the writes with a ttl are direct writes too");
      c.put("k", "updated");
      Duration updated = ttl(c, "k");
      if (updateMoves.get(name)) {
        assertTrue(about(updated, Duration.ofMinutes(10)), name + ": the update ttl applies: " + updated);
      } else {
        assertTrue(about(updated, Duration.ofMinutes(60)), name + ": the update keeps the deadline: " + updated);
      }
      assertEquals("updated", c.get("k"));
      assertTrue(c.replace("k", "replaced", Duration.ofMinutes(60)));
      assertTrue(about(ttl(c, "k"), Duration.ofMinutes(60)), name + ": replace with a ttl");
      assertTrue(c.replace("k", "again"));
      Duration replaced = ttl(c, "k");
      assertEquals(updateMoves.get(name), about(replaced, Duration.ofMinutes(10)), name + ": replace as put: " + replaced);
    }
  }

  @Test
  void aPutWinsOverAComputationInFlightOnAnotherInstance() throws Exception {
    LarderCache<String, String> a = cache(instance(), "r", c -> { });
    LarderCache<String, String> b = cache(instance(), "r", c -> { });
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> computed = pool.submit(() -> a.getOrCompute("k", key -> {
      computing.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "computed";
    }, Duration.ofMinutes(5)));
    assertTrue(computing.await(10, TimeUnit.SECONDS));
    long leases = leasesTaken();
    b.put("k", "written");
    assertEquals(leases, leasesTaken(), "the put was a direct write");
    release.countDown();
    assertEquals("computed", computed.get(10, TimeUnit.SECONDS), "the computation's caller gets its value");
    assertEquals("written", a.get("k"), "the newer write stays: the computation does not overwrite it");
    assertEquals("written", b.get("k"));
  }

  @Test
  void aDirectWriteWaitsForAStepThatHoldsTheKeyAndLandsAfterIt() throws Exception {
    Cache<String, String> a = cache(instance(), "s", c -> { });
    Cache<String, String> b = cache(instance(), "s", c -> { });
    a.put("k", "0");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> step = pool.submit(() -> a.invoke("k", (entry, args) -> {
      inside.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      entry.setValue(entry.getValue() + "+1");
      return null;
    }));
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    Future<?> put = pool.submit(() -> b.put("k", "written"));
    assertThrows(TimeoutException.class, () -> put.get(300, TimeUnit.MILLISECONDS),
        "the put waits for the step that read the key");
    release.countDown();
    step.get(10, TimeUnit.SECONDS);
    put.get(10, TimeUnit.SECONDS);
    assertEquals("written", a.get("k"), "the step did not overwrite the write that came after its read");
  }

  @Test
  void underContentionTheLastAcknowledgedWriteOfEveryKeyStaysAndTheBoundHolds() throws Exception {
    int bound = 40;
    int keys = 120;
    LarderCache<String, String> a = cache(instance(), "busy", c -> c.setMaximumSize(bound));
    LarderCache<String, String> b = cache(instance(), "busy", c -> c.setMaximumSize(bound).setRedisNearCache(1_000));
    int threads = 8;
    int perThread = 400;
    // per thread and key, the last value it wrote (or null: it removed the key last)
    Map<String, Map<Integer, String>> last = new ConcurrentHashMap<>();
    AtomicInteger turn = new AtomicInteger();
    Race.run(pool, threads, () -> {
      int me = turn.getAndIncrement();
      LarderCache<String, String> mine = me % 2 == 0 ? a : b;
      java.util.Random random = new java.util.Random(me);
      for (int i = 0; i < perThread; i++) {
        String key = "k" + random.nextInt(keys);
        String value = me + ":" + i;
        switch (random.nextInt(4)) {
          case 0 -> mine.getAndPut(key, value);
          case 1 -> {
            if (!mine.putIfAbsent(key, value)) {
              continue; // not written: the thread's last write of the key stays what it was
            }
          }
          case 2 -> mine.put(key, value);
          default -> {
            mine.remove(key);
            value = null;
          }
        }
        last.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(me, value == null ? "-" : value);
      }
      return null;
    });
    long size = 0;
    for (Iterator<Cache.Entry<String, String>> it = a.iterator(); it.hasNext(); it.next()) {
      size++;
    }
    assertTrue(size <= bound + threads, "the bound holds (give or take the racing writers): " + size);
    int present = 0;
    for (int k = 0; k < keys; k++) {
      String key = "k" + k;
      String value = a.get(key);
      Map<Integer, String> lastOfThreads = last.getOrDefault(key, Map.of());
      if (value != null) {
        present++;
        assertTrue(lastOfThreads.containsValue(value), key + " holds " + value
            + ", which is no thread's last acknowledged write (an older write overwrote a newer one): " + lastOfThreads);
      }
      String seenByB = value;
      assertTrue(Await.until(Duration.ofSeconds(5), () -> java.util.Objects.equals(seenByB, b.get(key))),
          "the other instance (near cache on) reads the same value of " + key);
    }
    assertTrue(present > 0 && present <= size, present + " of " + size);
  }

  @Test
  void withNearCachesOnAPutIsSeenByTheOtherInstanceAndAtOnceByItsOwn() {
    LarderCache<String, String> a = cache(instance(), "near", c -> c.setRedisNearCache(100));
    LarderCache<String, String> b = cache(instance(), "near", c -> c.setRedisNearCache(100));
    a.put("k", "1");
    assertTrue(Await.until(Duration.ofSeconds(5), () -> "1".equals(b.get("k"))));
    for (int i = 0; i < 5; i++) {
      b.get("k"); // in b's near cache now
    }
    long leases = leasesTaken();
    a.put("k", "2");
    assertEquals("2", a.get("k"), "the writing instance reads its own write at once");
    assertTrue(Await.until(Duration.ofSeconds(5), () -> "2".equals(b.get("k"))), "b's near copy was invalidated");
    assertTrue(b.replace("k", "3"));
    assertEquals("3", b.get("k"));
    assertTrue(Await.until(Duration.ofSeconds(5), () -> "3".equals(a.get("k"))));
    assertTrue(a.remove("k"));
    assertTrue(Await.until(Duration.ofSeconds(5), () -> b.get("k") == null));
    assertEquals(leases, leasesTaken(), "all direct writes");
  }

  @Test
  void aSynchronousListenerOrACustomPolicyKeepsTheStepPath() {
    Cache<String, String> a = cache(instance(), "sync", c -> { });
    RecordingListener<String, String> sync = listen(a, true);
    long leases = leasesTaken();
    a.put("k", "v");
    assertTrue(leasesTaken() > leases, "a synchronous listener: the write is a step");
    List<String> delivered = sync.drain();
    assertTrue(delivered.size() == 1 && delivered.get(0).startsWith("CREATED k v"), delivered.toString());

    Set<String> asked = new HashSet<>();
    Cache<String, String> custom = cache(instance(), "custom", c -> c.setExpiryPolicyFactory(() -> new OwnPolicy(asked)));
    leases = leasesTaken();
    custom.put("k", "v");
    custom.put("k", "w");
    assertTrue(leasesTaken() >= leases + 2, "a policy of the application's own: the writes are steps");
    assertEquals(Set.of("creation", "update"), asked);
  }

  /** How many instances receive the events channel of this test's caches. */
  private long eventSubscribers() {
    String channels = REDIS.server().cli("PUBSUB", "CHANNELS", "*" + instances.namespace() + "*events").trim();
    long total = 0;
    for (String channel : channels.lines().filter(l -> !l.isBlank()).toList()) {
      String[] answer = REDIS.server().cli("PUBSUB", "NUMSUB", channel).trim().split("\\R");
      total += Long.parseLong(answer[answer.length - 1].trim());
    }
    return total;
  }

  @Test
  void anInstanceReceivesOtherInstancesChangesOnlyWhileOneOfItsListenersWantsThem() throws Exception {
    Cache<String, String> a = cache(instance(), "quiet", c -> { });
    Cache<String, String> b = cache(instance(), "quiet", c -> { });
    assertEquals(0, eventSubscribers(), "no listener: no instance receives every change");
    RecordingListener<String, String> listener = new RecordingListener<>();
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
    MutableCacheEntryListenerConfiguration<String, String> registration =
        new MutableCacheEntryListenerConfiguration<>(factory, null, true, false);
    b.registerCacheEntryListener(registration);
    assertEquals(1, eventSubscribers(), "subscribed before the registration returned");
    listener.expect(1);
    a.put("k", "v");
    assertTrue(listener.await(), "a change right after the registration is delivered");
    b.deregisterCacheEntryListener(registration);
    assertEquals(0, eventSubscribers());
    a.put("k", "w");
    Thread.sleep(200);
    assertEquals(1, listener.events().size(), listener.events().toString());
  }

  /** A writer that does nothing. */
  static final class NoWriter implements javax.cache.integration.CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {}

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {}
  }
}
