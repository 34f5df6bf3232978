package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.jcache.LarderJCache;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisForClass;
import dev.larder.redis.testing.RedisServer;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole-cache operations of a shared cache: iteration, removeAll, clear and destroyCache on
 * thousands of entries without a slow command; the size bound across instances with evictions
 * counted; identities that never collide; values tampered with in Redis refused.
 */
class SharedBulkTest {

  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();
  @RegisterExtension
  final Instances instances = new Instances();

  private static LarderCache<String, String> cache(CacheManager manager, String name, long maximumSize) {
    return LarderCache.of(manager.createCache(name, new LarderConfiguration<String, String>()
        .setMaximumSize(maximumSize).setTypes(String.class, String.class).setStatisticsEnabled(true)));
  }

  private static long entriesIn(Cache<String, String> cache) {
    long n = 0;
    for (Iterator<Cache.Entry<String, String>> it = cache.iterator(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Test
  void iterationRemoveAllClearAndDestroyWorkOnThousandsOfEntriesWithoutASlowCommand() {
    REDIS.server().cli("CONFIG", "SET", "slowlog-log-slower-than", "20000");
    REDIS.server().cli("SLOWLOG", "RESET");
    CacheManager manager = instances.manager(REDIS.uri(), instances.namespace());
    LarderCache<String, String> cache = cache(manager, "big", 0);
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      entries.put("k" + i, "v" + i);
    }
    cache.putAll(entries);
    Set<String> seen = new HashSet<>();
    for (Cache.Entry<String, String> e : cache) {
      assertTrue(seen.add(e.getKey()), "a key seen twice: " + e.getKey());
      assertEquals(entries.get(e.getKey()), e.getValue());
    }
    assertEquals(entries.keySet(), seen);
    assertEquals(111, cache.keys("k1?").count() + cache.keys("k1??").count() + 1);

    cache.removeAll(Set.of("k1", "k2"));
    assertEquals(1_998, entriesIn(cache));
    cache.clear();
    assertFalse(cache.iterator().hasNext());
    cache.putAll(entries);
    cache.removeAll();
    assertEquals(0, entriesIn(cache));
    cache.putAll(Map.of("a", "1", "b", "2"));
    manager.destroyCache("big");
    LarderCache<String, String> again = cache(manager, "big", 0);
    assertNull(again.get("a"), "destroyCache removed the entries from Redis");
    assertEquals("0", REDIS.server().cli("SLOWLOG", "LEN").trim(), "no command took 20 ms: " + REDIS.server().cli("SLOWLOG", "GET"));
  }

  @Test
  void theBoundHoldsForTheWholeSharedCacheAndEveryEvictionIsCountedOnce() {
    LarderCache<String, String> a = cache(instances.manager(REDIS.uri(), instances.namespace()), "bounded", 300);
    LarderCache<String, String> b = cache(instances.manager(REDIS.uri(), instances.namespace()), "bounded", 300);
    int written = 1_200;
    for (int i = 0; i < written; i++) {
      (i % 2 == 0 ? a : b).put("k" + i, "v" + i);
    }
    long size = entriesIn(a);
    assertTrue(size >= 270 && size <= 310, "about 300 entries in all, not 300 per instance: " + size);
    long evictions = a.unwrap(LarderJCache.class).statistics().getCacheEvictions()
        + b.unwrap(LarderJCache.class).statistics().getCacheEvictions();
    assertEquals(written - size, evictions, "each eviction counted once, by the instance that made it");
    assertNotEquals(null, a.get("k" + (written - 1)), "the newest entry stays: the oldest are flushed");
  }

  @Test
  void namespacesManagersAndCacheNamesNeverCollide() {
    LarderCache<String, String> first = cache(instances.manager(REDIS.uri(), "one"), "c", 0);
    LarderCache<String, String> second = cache(instances.manager(REDIS.uri(), "two"), "c", 0);
    first.put("k", "from one");
    assertNull(second.get("k"), "another namespace is another cache");

    // "x" + "y:z" and "x:y" + "z" must not meet once joined with ':'
    LarderCache<String, String> left = cache(instances.managerAt("urn:x", REDIS.uri(), instances.namespace()), "y:z", 0);
    LarderCache<String, String> right = cache(instances.managerAt("urn:x:y", REDIS.uri(), instances.namespace()), "z", 0);
    left.put("k", "left");
    assertNull(right.get("k"));
    LarderCache<String, String> braces = cache(instances.manager(REDIS.uri(), instances.namespace()), "{tag}", 0);
    braces.put("k", "braces");
    assertEquals("braces", braces.get("k"));
    assertEquals(new Layout("a:b", "c", "d").identity().length(), "a%3Ab:c:d:".length());
    assertNotEquals(new Layout("n", "x", "y:z").identity(), new Layout("n", "x:y", "z").identity());
  }

  /** A class named by a tampered value; its static initializer must never run. */
  static final class Gadget {
    static {
      System.setProperty("larder.test.gadget", "initialised");
    }
  }

  @Test
  void valuesTamperedWithInRedisAreRefusedNamingTheCacheAndTheKey() {
    LarderCache<String, String> cache = cache(instances.manager(REDIS.uri(), instances.namespace()), "docs", 0);
    cache.put("doc-1", "original");
    Layout layout = new Layout(instances.namespace(), "urn:larder:app", "docs");
    byte[] member = new JsonCodec(new TypeAllowlist(String.class, String.class, List.of(), getClass().getClassLoader()))
        .encode("doc-1");
    byte[] entry = layout.entry(Layout.bucket(member), member);
    RedisClient client = RedisClient.create(REDIS.uri());
    try (StatefulRedisConnection<byte[], byte[]> raw = client.connect(ByteArrayCodec.INSTANCE)) {
      raw.sync().hset(entry, "v".getBytes(), "java.lang.String\n{not json".getBytes(StandardCharsets.UTF_8));
      CacheException corrupt = assertThrows(CacheException.class, () -> cache.get("doc-1"));
      assertTrue(corrupt.getMessage().contains("'docs'") && corrupt.getMessage().contains("doc-1"), corrupt.getMessage());

      raw.sync().hset(entry, "v".getBytes(), (Gadget.class.getName() + "\n{}").getBytes(StandardCharsets.UTF_8));
      CacheException offList = assertThrows(CacheException.class, () -> cache.get("doc-1"));
      assertTrue(offList.getMessage().contains("'docs'") && offList.getMessage().contains("doc-1")
          && offList.getMessage().contains(Gadget.class.getName()), offList.getMessage());
      assertThrows(CacheException.class, () -> cache.containsKey("doc-1"));
      assertNull(System.getProperty("larder.test.gadget"), "no code of the named class ran");

      assertNull(cache.getAndPut("doc-1", "repaired"), "a write replaces the refused value (nothing readable was there)");
      assertEquals("repaired", cache.get("doc-1"));

      raw.sync().zadd(layout.keyIndex(0), 0, "javax.naming.InitialContext\n{}".getBytes(StandardCharsets.UTF_8));
      CacheException badKey = assertThrows(CacheException.class, () -> entriesIn(cache));
      assertTrue(badKey.getMessage().contains("'docs'") && badKey.getMessage().contains("javax.naming.InitialContext"),
          badKey.getMessage());
    } finally {
      client.shutdown();
    }
  }
}
