package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LarderCache extensions on one thread, with a manual clock: TTLs, deadlines, events, statistics. */
class LarderCacheTest {

  private final ManualClock clock = new ManualClock();
  private CacheManager manager;
  private LarderCache<String, String> cache;

  @BeforeEach
  void setUp() {
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    manager = new LarderCachingProvider().getCacheManager(URI.create("test:LarderCacheTest"),
        getClass().getClassLoader(), properties);
    cache = LarderCache.of(manager.createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true)));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void ofReturnsTheSameCacheAndUnwrapWorks() {
    Cache<String, String> plain = manager.getCache("c", String.class, String.class);
    assertSame(cache, LarderCache.of(plain));
    assertSame(cache, plain.unwrap(LarderCache.class));
  }

  @Test
  void putWithTtlExpiresAfterTheTtl() {
    cache.put("k", "v", Duration.ofSeconds(10));
    assertEquals(Optional.of(Duration.ofSeconds(10)), cache.ttl("k"));
    clock.advance(Duration.ofMillis(9_999));
    assertEquals("v", cache.get("k"));
    assertEquals(Optional.of(Duration.ofMillis(1)), cache.ttl("k"));
    clock.advanceMillis(1);
    assertNull(cache.get("k"));
    assertEquals(Optional.empty(), cache.ttl("k"));
  }

  @Test
  void foreverNeverExpiresAndIsReportedAsForever() {
    cache.put("k", "v", LarderCache.FOREVER);
    clock.advance(Duration.ofDays(10_000));
    assertEquals("v", cache.get("k"));
    assertEquals(Optional.of(LarderCache.FOREVER), cache.ttl("k"));
    assertEquals(Optional.of(java.time.Instant.MAX), cache.expiresAt("k"));
  }

  @Test
  void expiresAtIsTheAbsoluteDeadline() {
    cache.put("k", "v", Duration.ofSeconds(90));
    assertEquals(Optional.of(java.time.Instant.ofEpochMilli(clock.millis()).plusSeconds(90)), cache.expiresAt("k"));
    assertEquals(Optional.empty(), cache.expiresAt("missing"));
  }

  @Test
  void ttlMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> cache.put("k", "v", Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> cache.put("k", "v", Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> cache.put("k", "v", null));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void putIfAbsentWithTtlOnlyFirstWinsUntilExpiry() {
    assertTrue(cache.putIfAbsent("idem:1", "first", Duration.ofMinutes(1)));
    assertFalse(cache.putIfAbsent("idem:1", "second", Duration.ofMinutes(1)));
    assertEquals("first", cache.get("idem:1"));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(cache.putIfAbsent("idem:1", "third", Duration.ofMinutes(1)));
    assertEquals("third", cache.get("idem:1"));
  }

  @Test
  void replaceWithTtlNeedsALiveEntryAndResetsItsDeadline() {
    assertFalse(cache.replace("k", "v", Duration.ofSeconds(5)));
    assertFalse(cache.containsKey("k"));
    cache.put("k", "v1", Duration.ofSeconds(1));
    assertTrue(cache.replace("k", "v2", Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(4));
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void extendAddsToTheRemainingTime() {
    cache.put("session:a", "s", Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(50));
    assertTrue(cache.extend("session:a", Duration.ofMinutes(5)));
    assertEquals(Optional.of(Duration.ofSeconds(310)), cache.ttl("session:a"));
    assertFalse(cache.extend("missing", Duration.ofMinutes(5)));
    assertThrows(IllegalArgumentException.class, () -> cache.extend("session:a", Duration.ZERO));
  }

  @Test
  void extendLeavesEternalEntriesEternal() {
    cache.put("k", "v");
    assertTrue(cache.extend("k", Duration.ofSeconds(1)));
    assertEquals(Optional.of(LarderCache.FOREVER), cache.ttl("k"));
  }

  @Test
  void expireAfterCountsFromNow() {
    cache.put("k", "v");
    assertTrue(cache.expireAfter("k", Duration.ofSeconds(3)));
    clock.advance(Duration.ofSeconds(3));
    assertFalse(cache.containsKey("k"));
    assertFalse(cache.expireAfter("k", Duration.ofSeconds(3)));
  }

  @Test
  void getOrComputeComputesOnceThenServesFromTheCache() {
    AtomicInteger calls = new AtomicInteger();
    assertEquals("K1", cache.getOrCompute("k", k -> k.toUpperCase() + calls.incrementAndGet(), Duration.ofSeconds(5)));
    assertEquals("K1", cache.getOrCompute("k", k -> "other" + calls.incrementAndGet(), Duration.ofSeconds(5)));
    assertEquals(1, calls.get());
    clock.advance(Duration.ofSeconds(5));
    assertEquals("K2", cache.getOrCompute("k", k -> k.toUpperCase() + calls.incrementAndGet(), Duration.ofSeconds(5)));
  }

  @Test
  void getOrComputeDoesNotCacheNullOrFailures() {
    assertNull(cache.getOrCompute("k", k -> null));
    assertFalse(cache.containsKey("k"));
    RuntimeException boom = new IllegalStateException("backend down");
    RuntimeException thrown = assertThrows(IllegalStateException.class,
        () -> cache.getOrCompute("k", k -> { throw boom; }));
    assertSame(boom, thrown);
    assertFalse(cache.containsKey("k"));
    assertEquals("v", cache.getOrCompute("k", k -> "v"));
  }

  @Test
  void lookupTellsWhetherTheValueWasCached() {
    LarderCache.Lookup<String> first = cache.lookup("k", k -> "v", null);
    LarderCache.Lookup<String> second = cache.lookup("k", k -> "w", null);
    assertEquals(new LarderCache.Lookup<>("v", false), first);
    assertEquals(new LarderCache.Lookup<>("v", true), second);
  }

  @Test
  void getOrComputeCountsAMissAndAPutThenAHit() {
    CacheStatisticsMXBean stats = cache.unwrap(dev.larder.jcache.LarderJCache.class).statistics();
    cache.getOrCompute("k", k -> "v");
    cache.getOrCompute("k", k -> "v");
    assertEquals(1, stats.getCacheMisses());
    assertEquals(1, stats.getCacheHits());
    assertEquals(1, stats.getCachePuts());
  }

  @Test
  void asyncGetOrComputeStoresCompletedValuesOnly() throws Exception {
    assertEquals("v", cache.getOrComputeAsync("k", k -> java.util.concurrent.CompletableFuture.completedFuture("v"), null).get());
    assertEquals("v", cache.get("k"));
    java.util.concurrent.CompletableFuture<String> failed = new java.util.concurrent.CompletableFuture<>();
    failed.completeExceptionally(new IllegalStateException("no"));
    java.util.concurrent.CompletableFuture<String> result = cache.getOrComputeAsync("x", k -> failed, null);
    assertTrue(result.isCompletedExceptionally());
    assertFalse(cache.containsKey("x"));
  }

  @Test
  void asyncCallersOfAMissingKeyShareOneFuture() {
    java.util.concurrent.CompletableFuture<String> pending = new java.util.concurrent.CompletableFuture<>();
    AtomicInteger starts = new AtomicInteger();
    java.util.concurrent.CompletableFuture<String> a = cache.getOrComputeAsync("k", k -> { starts.incrementAndGet(); return pending; }, null);
    java.util.concurrent.CompletableFuture<String> b = cache.getOrComputeAsync("k", k -> { starts.incrementAndGet(); return pending; }, null);
    assertEquals(1, starts.get());
    assertFalse(a.isDone());
    pending.complete("v");
    assertEquals("v", a.join());
    assertEquals("v", b.join());
    assertEquals("v", cache.get("k"));
  }

  @Test
  void keysMatchesGlobPatternsOverLiveEntries() {
    cache.put("session:1", "a");
    cache.put("session:2", "b", Duration.ofSeconds(1));
    cache.put("user:7:profile", "c");
    cache.put("user:42:profile", "d");
    cache.put("sessions", "e");
    assertEquals(List.of("session:1", "session:2"), sorted(cache.keys("session:*").toList()));
    assertEquals(List.of("user:7:profile"), cache.keys("user:?:profile").toList());
    assertEquals(List.of("user:42:profile", "user:7:profile"), sorted(cache.keys("user:[0-9]*:profile").toList()));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("session:1"), cache.keys("session:*").toList());
    assertEquals(5 - 1, cache.keys("*").count());
  }

  @Test
  void computeAndMergeApplyAtomicallyWithTtl() {
    assertEquals("1", cache.merge("rate:bob", "1", (a, b) -> String.valueOf(Integer.parseInt(a) + Integer.parseInt(b)),
        Duration.ofHours(1)));
    assertEquals("2", cache.merge("rate:bob", "1", (a, b) -> String.valueOf(Integer.parseInt(a) + Integer.parseInt(b)),
        Duration.ofHours(1)));
    assertEquals(Optional.of(Duration.ofHours(1)), cache.ttl("rate:bob"));
    assertNull(cache.compute("rate:bob", (k, v) -> null, null));
    assertFalse(cache.containsKey("rate:bob"));
    assertEquals("x", cache.compute("new", (k, v) -> v == null ? "x" : v + "y", null));
  }

  @Test
  void extensionWritesFireTheSameEventsAsPlainWrites() {
    List<String> created = new ArrayList<>();
    CacheEntryCreatedListener<String, String> listener = events -> {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        created.add(e.getKey() + "=" + e.getValue());
      }
    };
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new SerializableFactoryHolder(listener)), null, false, true));
    cache.put("a", "1", Duration.ofSeconds(1));
    cache.getOrCompute("b", k -> "2");
    cache.merge("c", "3", String::concat, null);
    assertEquals(List.of("a=1", "b=2", "c=3"), created);
  }

  private static List<String> sorted(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.sort(null);
    return copy;
  }

  /** Wraps a non-serializable lambda listener for FactoryBuilder.factoryOf(instance). */
  static final class SerializableFactoryHolder implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    private final transient CacheEntryCreatedListener<String, String> delegate;

    SerializableFactoryHolder(CacheEntryCreatedListener<String, String> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      delegate.onCreated(events);
    }
  }

  @Test
  void getIfPresentNeverLoadsAndCountsOnlyHits() {
    javax.cache.configuration.MutableConfiguration<String, String> config =
        new javax.cache.configuration.MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true).setStatisticsEnabled(true)
            .setCacheLoaderFactory(javax.cache.configuration.FactoryBuilder.factoryOf(LoadsEverything.class))
            .setExpiryPolicyFactory(javax.cache.expiry.CreatedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.SECONDS, 10)));
    LarderCache<String, String> loading = LarderCache.of(manager.createCache("loading", config));
    assertNull(loading.getIfPresent("k"), "a miss does not call the loader");
    loading.put("k", "v");
    assertEquals("v", loading.getIfPresent("k"));
    clock.advance(java.time.Duration.ofSeconds(10));
    assertNull(loading.getIfPresent("k"), "an expired entry is absent");
    javax.cache.management.CacheStatisticsMXBean stats = loading.unwrap(dev.larder.jcache.LarderJCache.class).statistics();
    assertEquals(1, stats.getCacheHits());
    assertEquals(0, stats.getCacheMisses());
  }

  /** A loader that would load any key: getIfPresent must never call it. */
  public static final class LoadsEverything implements javax.cache.integration.CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded-" + key;
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> all = new java.util.HashMap<>();
      keys.forEach(k -> all.put(k, load(k)));
      return all;
    }
  }
}
