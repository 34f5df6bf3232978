package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisCluster;
import dev.larder.redis.testing.RedisServer;
import dev.larder.testing.RecordingListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same cache against a Redis Cluster of three masters: spread over slots and nodes, bulk operations across slots. */
class ClusterTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static LarderCache<String, String> cache(CacheManager manager) {
    return LarderCache.of(manager.createCache("catalog", new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class)));
  }

  @Test
  void aCacheSpreadsOverEveryMasterAndBulkOperationsSpanTheSlots() {
    try (Instances instances = new Instances()) {
      LarderCache<String, String> a = cache(instances.manager(cluster.uri(), "cluster"));
      LarderCache<String, String> b = cache(instances.manager(cluster.nodes().get(2).uri(), "cluster"));
      Map<String, String> items = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        items.put("item-" + i, "price " + i);
      }
      a.putAll(items);
      for (RedisServer node : cluster.nodes()) {
        long keys = Long.parseLong(node.cli("DBSIZE").trim());
        assertTrue(keys > 50, "every master holds part of the cache: " + keys + " keys on " + node.port());
      }
      Set<String> slots = new HashSet<>();
      Layout layout = new Layout("cluster", "urn:larder:app", "catalog");
      for (int bucket = 0; bucket < Layout.BUCKETS; bucket++) {
        String key = new String(layout.keyIndex(bucket), java.nio.charset.StandardCharsets.UTF_8);
        slots.add(cluster.nodes().get(0).cli("CLUSTER", "KEYSLOT", key).trim());
      }
      assertEquals(Layout.BUCKETS, slots.size(), "one cache, " + Layout.BUCKETS + " slots: no hot slot");

      assertEquals("price 7", b.get("item-7"));
      assertEquals(items, b.getAll(items.keySet()), "getAll across slots");
      Set<String> seen = new HashSet<>();
      for (Iterator<Cache.Entry<String, String>> it = b.iterator(); it.hasNext(); ) {
        assertTrue(seen.add(it.next().getKey()), "no key twice");
      }
      assertEquals(items.keySet(), seen, "iteration over every slot");
      assertEquals(Set.of("item-100", "item-101", "item-102", "item-103", "item-104", "item-105", "item-106",
          "item-107", "item-108", "item-109"), b.keys("item-10?").collect(Collectors.toSet()));
      b.removeAll(Set.of("item-1", "item-2", "item-3"));
      assertNull(a.get("item-2"));
      assertEquals("5", a.getOrCompute("computed", k -> "5"), "single flight on a cluster");

      RecordingListener<String, String> listener = new RecordingListener<>();
      Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
      b.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, false));
      a.put("new", "one");
      assertTrue(Await.until(Duration.ofSeconds(10), () -> listener.events().contains("CREATED new one -")),
          "events cross the cluster: " + listener.events());
      for (int i = 0; i < 20; i++) {
        a.put("short-" + i, "lived", Duration.ofMillis(200));
      }
      assertTrue(Await.until(Duration.ofSeconds(10), () -> listener.events().stream()
          .filter(e -> e.startsWith("EXPIRED short-")).count() == 20), "the sweeps run on every node: "
          + listener.events().stream().filter(e -> e.startsWith("EXPIRED")).count());

      a.clear();
      assertFalse(b.iterator().hasNext(), "clear empties every slot");
      for (RedisServer node : cluster.nodes()) {
        assertEquals(0, leftovers(node), "no entry or index left on " + node.port());
      }
    }
  }

  /** Keys left on a node after clear(): only leases and done markers of recent commits may remain. */
  private static long leftovers(RedisServer node) {
    return node.cli("KEYS", "*").lines().filter(k -> k.contains(":e:") || k.endsWith(":k") || k.endsWith(":d")).count();
  }
}
