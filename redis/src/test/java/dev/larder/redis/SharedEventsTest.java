package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.engine.Clock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisForClass;
import dev.larder.redis.testing.RedisServer;
import dev.larder.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events and time across instances: listeners see the other instances' changes as the changing
 * instance's own listeners do, an expiry is reported once (not once per instance), and instances
 * whose clocks are minutes apart agree on when an entry is gone (the server's clock decides).
 */
class SharedEventsTest {

  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();
  @RegisterExtension
  final Instances instances = new Instances();

  private LarderCache<String, String> cache(CacheManager manager) {
    return LarderCache.of(manager.createCache("c", new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class)));
  }

  private static RecordingListener<String, String> listen(LarderCache<String, String> cache, boolean synchronous) {
    RecordingListener<String, String> listener = new RecordingListener<>();
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, synchronous));
    return listener;
  }

  @Test
  void listenersOfAnotherInstanceSeeTheSameEventsAsTheChangingInstance() throws Exception {
    LarderCache<String, String> a = cache(instances.manager(REDIS.uri(), instances.namespace()));
    LarderCache<String, String> b = cache(instances.manager(REDIS.uri(), instances.namespace()));
    RecordingListener<String, String> local = listen(a, true);
    RecordingListener<String, String> remote = listen(b, true);
    RecordingListener<String, String> remoteAsync = listen(b, false);
    remote.expect(5);
    remoteAsync.expect(5);
    a.put("k", "v1");
    a.put("k", "v2");
    a.remove("k");
    a.putIfAbsent("j", "once", Duration.ofMinutes(1));
    a.invoke("j", (entry, args) -> {
      entry.remove();
      return null;
    });
    assertTrue(remote.await() && remoteAsync.await(), "b received a's events: " + remote.events());
    List<String> expected = List.of("CREATED k v1 -", "UPDATED k v2 v1", "REMOVED k v2 v2", "CREATED j once -",
        "REMOVED j once once");
    assertEquals(expected, local.events(), "a's own listener, once each");
    assertEquals(expected, remote.events(), "b's synchronous listener, in commit order");
    // asynchronous delivery keeps each key's order (JSR-107); events of different keys may interleave
    for (String key : List.of("k", "j")) {
      assertEquals(expected.stream().filter(e -> e.split(" ")[1].equals(key)).toList(),
          remoteAsync.events().stream().filter(e -> e.split(" ")[1].equals(key)).toList(),
          "b's asynchronous listener, key " + key);
    }
    assertEquals(expected.size(), remoteAsync.events().size(), "b's asynchronous listener, once each: " + remoteAsync.events());
    b.put("back", "from b");
    assertTrue(Await.until(Duration.ofSeconds(10), () -> local.events().size() == 6));
    assertEquals("CREATED back from b -", local.events().get(5));
    assertEquals(6, remote.events().size(), "b does not hear its own change twice");
  }

  @Test
  void aPutOfTheSameValueIsAnUpdateAndAMovedDeadlineIsNoEvent() throws Exception {
    CacheManager first = instances.manager(REDIS.uri(), instances.namespace());
    CacheManager second = instances.manager(REDIS.uri(), instances.namespace());
    LarderConfiguration<String, Boolean> config = new LarderConfiguration<>();
    config.setTypes(String.class, Boolean.class);
    LarderCache<String, Boolean> a = LarderCache.of(first.createCache("flags", config));
    LarderCache<String, Boolean> b = LarderCache.of(second.createCache("flags", config));
    RecordingListener<String, Boolean> remote = new RecordingListener<>();
    Factory<CacheEntryListener<? super String, ? super Boolean>> factory = () -> remote;
    b.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, true));
    remote.expect(3);
    a.put("on", Boolean.TRUE, Duration.ofMinutes(1));
    a.extend("on", Duration.ofMinutes(1)); // no event, here or there
    a.put("on", Boolean.TRUE); // the very same object again: still an update
    a.remove("on");
    assertTrue(remote.await(), remote.events().toString());
    assertEquals(List.of("CREATED on true -", "UPDATED on true true", "REMOVED on true true"), remote.events());
  }

  @Test
  void anExpiryIsReportedOnceToEachListenerWhicheverInstanceSweeps() {
    List<LarderCache<String, String>> caches = new ArrayList<>();
    List<RecordingListener<String, String>> listeners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LarderCache<String, String> cache = cache(instances.manager(REDIS.uri(), instances.namespace()));
      caches.add(cache);
      listeners.add(listen(cache, false));
    }
    int entries = 30;
    for (int i = 0; i < entries; i++) {
      caches.get(i % 3).put("session-" + i, "user" + i, Duration.ofMillis(300));
    }
    // every instance runs its maintenance ten times a second and sweeps the same Redis
    for (RecordingListener<String, String> listener : listeners) {
      assertTrue(Await.until(Duration.ofSeconds(15), () -> expired(listener).size() == entries),
          "every entry expired: " + expired(listener).size());
    }
    RedisServer.sleepQuietly(1_500); // time for any second report of the same expiry to arrive
    for (RecordingListener<String, String> listener : listeners) {
      Map<String, Integer> perKey = new HashMap<>();
      for (String e : expired(listener)) {
        perKey.merge(e.split(" ")[1], 1, Integer::sum);
      }
      assertEquals(entries, perKey.size());
      assertTrue(perKey.values().stream().allMatch(n -> n == 1), "each expiry once: " + perKey);
      assertTrue(expired(listener).contains("EXPIRED session-7 user7 user7"), "with the last value");
    }
    assertNull(caches.get(0).get("session-7"));
  }

  private static List<String> expired(RecordingListener<String, String> listener) {
    return listener.events().stream().filter(e -> e.startsWith("EXPIRED")).toList();
  }

  @Test
  void instancesWhoseClocksAreMinutesApartAgreeOnWhenAnEntryIsGone() {
    Clock ahead = () -> System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
    Clock behind = () -> System.currentTimeMillis() - Duration.ofMinutes(7).toMillis();
    LarderCache<String, String> fast = cache(instances.manager(REDIS.uri(), instances.namespace(),
        LarderCacheManager.CLOCK_PROPERTY, ahead));
    LarderCache<String, String> slow = cache(instances.manager(REDIS.uri(), instances.namespace(),
        LarderCacheManager.CLOCK_PROPERTY, behind));
    long start = System.nanoTime();
    slow.put("from-slow", "s", Duration.ofSeconds(2));
    fast.put("from-fast", "f", Duration.ofSeconds(2));
    // by its own clock, the fast instance would find the slow one's entry long expired, and the
    // slow one would keep the fast one's for twelve minutes: the server's clock decides instead
    assertEquals("s", fast.get("from-slow"));
    assertEquals("f", slow.get("from-fast"));
    assertTrue(fast.ttl("from-slow").orElseThrow().compareTo(Duration.ofSeconds(2)) <= 0);
    assertTrue(slow.ttl("from-fast").orElseThrow().compareTo(Duration.ofSeconds(2)) <= 0,
        "the slow instance sees the fast one's ttl as 2 s, not 12 minutes: " + slow.ttl("from-fast"));
    assertTrue(Await.until(Duration.ofSeconds(10), () -> fast.get("from-slow") == null));
    long fastSawItGone = (System.nanoTime() - start) / 1_000_000;
    assertNull(slow.get("from-slow"), "when one instance finds it gone, so does the other");
    assertTrue(Await.until(Duration.ofSeconds(2), () -> slow.get("from-fast") == null && fast.get("from-fast") == null));
    assertTrue(fastSawItGone >= 1_800 && fastSawItGone < 6_000, "gone after its 2 s on the server: " + fastSawItGone);
  }
}
