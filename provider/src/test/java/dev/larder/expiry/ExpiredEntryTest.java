package dev.larder.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.RecordingListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An expired entry is absent for every operation, and touching it fires EXPIRED once. */
class ExpiredEntryTest extends CacheTestBase {

  private Cache<String, String> cache;
  private RecordingListener<String, String> listener;

  @BeforeEach
  void expiredEntry() {
    cache = create(config(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1)))
        .setStatisticsEnabled(true));
    listener = listen(cache);
    cache.put("k", "old");
    clock.advanceMillis(1_000);
    listener.drain();
  }

  @Test
  void containsKeyIsFalseAndFiresNothing() {
    assertFalse(cache.containsKey("k"));
    assertEquals(List.of(), listener.drain());
  }

  @Test
  void getIsANullMissAndFiresExpiredOnce() {
    assertNull(cache.get("k"));
    assertNull(cache.get("k"));
    assertEquals(List.of("EXPIRED k old old"), listener.drain());
    CacheStatisticsMXBean stats = statistics(cache);
    assertEquals(2, stats.getCacheMisses());
    assertEquals(0, stats.getCacheHits());
  }

  @Test
  void getAllLeavesItOut() {
    assertEquals(Map.of(), cache.getAll(Set.of("k")));
    assertEquals(List.of("EXPIRED k old old"), listener.drain());
  }

  @Test
  void putIfAbsentSucceedsAsACreate() {
    assertTrue(cache.putIfAbsent("k", "new"));
    assertEquals("new", cache.get("k"));
    assertEquals(List.of("EXPIRED k old old", "CREATED k new -"), listener.drain());
  }

  @Test
  void putAndGetAndPutAreCreates() {
    assertNull(cache.getAndPut("k", "new"));
    assertEquals(List.of("EXPIRED k old old", "CREATED k new -"), listener.drain());
  }

  @Test
  void replaceFormsFail() {
    assertFalse(cache.replace("k", "new"));
    assertFalse(cache.replace("k", "old", "new"));
    assertNull(cache.getAndReplace("k", "new"));
    assertFalse(cache.containsKey("k"));
    assertEquals(List.of("EXPIRED k old old"), listener.drain());
  }

  @Test
  void removeFormsFindNothing() {
    assertFalse(cache.remove("k", "old"));
    assertFalse(cache.remove("k"));
    assertNull(cache.getAndRemove("k"));
    assertEquals(0, statistics(cache).getCacheRemovals());
    assertEquals(List.of("EXPIRED k old old"), listener.drain());
  }

  @Test
  void removeFiresExpiredNotRemoved() {
    assertFalse(cache.remove("k"));
    assertEquals(List.of("EXPIRED k old old"), listener.drain());
  }

  @Test
  void iteratorSkipsIt() {
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void invokeSeesAnAbsentEntryAndCreatesOnSetValue() {
    Boolean exists = cache.invoke("k", (e, a) -> e.exists());
    assertFalse(exists);
    assertNull(cache.invoke("k", (e, a) -> e.getValue()));
    cache.invoke("k", (e, a) -> {
      e.setValue("new");
      return null;
    });
    List<String> events = listener.drain();
    assertEquals(List.of("EXPIRED k old old", "CREATED k new -"), events);
  }

  @Test
  void removeAllDoesNotCountItAsARemoval() {
    cache.put("live", "v");
    cache.removeAll();
    assertEquals(1, statistics(cache).getCacheRemovals());
    assertFalse(cache.iterator().hasNext());
  }
}
