package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.Race;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 11: a synchronous listener receives each key's events in the order the writes
 * happened, even when threads write the key at the same moment, and may call back into the cache.
 */
class SyncListenerOrderTest extends CacheTestBase {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** Mirrors the cache into a map, and counts events whose old value is not what it mirrored. */
  static final class Mirror implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String> {
    final Map<String, String> copy = new ConcurrentHashMap<>();
    final AtomicInteger outOfOrder = new AtomicInteger();

    private void apply(CacheEntryEvent<? extends String, ? extends String> e, boolean removed) {
      String before = removed ? copy.remove(e.getKey()) : copy.put(e.getKey(), e.getValue());
      String expectedBefore = e.isOldValueAvailable() ? e.getOldValue() : null;
      if (!Objects.equals(before, expectedBefore)) {
        outOfOrder.incrementAndGet();
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> apply(e, false));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> apply(e, false));
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> apply(e, true));
    }
  }

  @Test
  void concurrentWritersOfOneKeyDeliverItsEventsInOrder() throws Exception {
    Cache<String, String> cache = stringCache();
    Mirror mirror = new Mirror();
    Factory<Mirror> factory = () -> mirror;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, true));
    Race.run(pool, 4, () -> {
      String me = Thread.currentThread().getName();
      for (int i = 0; i < 20_000; i++) {
        String key = "k" + (i & 3);
        if (i % 7 == 0) {
          cache.remove(key);
        } else {
          cache.put(key, me + ":" + i);
        }
      }
      return null;
    });
    assertEquals(0, mirror.outOfOrder.get(), "events whose old value was not the previous event's value");
    for (int k = 0; k < 4; k++) {
      assertEquals(cache.get("k" + k), mirror.copy.get("k" + k), "the mirror ends with the cache's value");
    }
  }

  /** A listener that reads its own key and writes another key of the same cache. */
  static final class CallsBack implements CacheEntryCreatedListener<String, String> {
    Cache<String, String> cache;
    final AtomicInteger sawOwnValue = new AtomicInteger();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        if (e.getKey().startsWith("audit:")) {
          continue;
        }
        if (e.getValue().equals(cache.get(e.getKey()))) {
          sawOwnValue.incrementAndGet();
        }
        cache.put("audit:" + e.getKey(), "saw " + e.getValue());
      }
    }
  }

  @Test
  void aSynchronousListenerMayCallBackIntoTheCache() throws Exception {
    Cache<String, String> cache = stringCache();
    CallsBack listener = new CallsBack();
    listener.cache = cache;
    Factory<CallsBack> factory = () -> listener;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));
    Race.run(pool, 4, () -> {
      for (int i = 0; i < 500; i++) {
        cache.putIfAbsent("k" + (i % 50), "v" + i);
      }
      return null;
    });
    assertEquals(50, listener.sawOwnValue.get(), "a listener reading its key sees the value it was told of");
    for (int i = 0; i < 50; i++) {
      assertEquals("saw " + cache.get("k" + i), cache.get("audit:k" + i));
    }
  }
}
