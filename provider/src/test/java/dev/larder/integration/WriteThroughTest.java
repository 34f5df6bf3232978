package dev.larder.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.RecordingWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which writer call each operation makes, failures, and batch partial failure. */
class WriteThroughTest extends CacheTestBase {

  private final RecordingWriter<String, String> writer = new RecordingWriter<>();
  private Cache<String, String> cache;

  @BeforeEach
  void writeThroughCache() {
    Factory<CacheWriter<String, String>> factory = () -> writer;
    cache = create(config(String.class, String.class).setWriteThrough(true).setCacheWriterFactory(factory));
  }

  private void seed(String... keysAndValues) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      cache.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    writer.drain();
  }

  @Test
  void putsWrite() {
    cache.put("a", "1");
    cache.put("a", "2");
    cache.getAndPut("b", "1");
    cache.getAndPut("b", "2");
    assertEquals(List.of("write a=1", "write a=2", "write b=1", "write b=2"), writer.drain());
  }

  @Test
  void putAllWritesEachEntry() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("a", "1");
    map.put("b", "2");
    cache.putAll(map);
    assertEquals(List.of("write a=1", "write b=2"), writer.drain());
  }

  @Test
  void conditionalWritesWriteOnlyWhenTheyApply() {
    cache.putIfAbsent("a", "1");
    cache.putIfAbsent("a", "2");
    cache.replace("a", "3");
    cache.replace("zz", "3");
    cache.replace("a", "wrong", "4");
    cache.replace("a", "3", "4");
    cache.getAndReplace("a", "5");
    cache.getAndReplace("zz", "5");
    assertEquals(List.of("write a=1", "write a=3", "write a=4", "write a=5"), writer.drain());
  }

  @Test
  void removeAndGetAndRemoveDeleteEvenAbsentKeys() {
    seed("a", "1");
    cache.remove("a");
    cache.remove("zz");
    cache.getAndRemove("zz");
    assertEquals(List.of("delete a", "delete zz", "delete zz"), writer.drain());
  }

  @Test
  void removeWithValueDeletesOnlyOnMatch() {
    seed("a", "1");
    cache.remove("a", "wrong");
    cache.remove("zz", "1");
    cache.remove("a", "1");
    assertEquals(List.of("delete a"), writer.drain());
  }

  @Test
  void removeAllDeletesCurrentKeysAndSkipsAnEmptyCache() {
    cache.removeAll();
    assertEquals(List.of(), writer.drain());
    seed("a", "1", "b", "2");
    cache.removeAll();
    assertEquals(Set.of("delete a", "delete b"), Set.copyOf(writer.drain()));
  }

  @Test
  void removeAllWithKeysDeletesEveryGivenKey() {
    seed("a", "1");
    cache.removeAll(Set.of("a", "zz"));
    assertEquals(Set.of("delete a", "delete zz"), Set.copyOf(writer.drain()));
  }

  @Test
  void readsClearAndIterationDoNotWrite() {
    seed("a", "1");
    cache.get("a");
    cache.getAll(Set.of("a", "b"));
    cache.containsKey("a");
    cache.iterator().forEachRemaining(e -> { });
    cache.clear();
    assertEquals(List.of(), writer.drain());
  }

  @Test
  void iteratorRemoveDeletes() {
    seed("a", "1");
    Iterator<Cache.Entry<String, String>> it = cache.iterator();
    it.next();
    it.remove();
    assertEquals(List.of("delete a"), writer.drain());
  }

  @Test
  void invokeWritesItsNetEffect() {
    seed("a", "1");
    cache.invoke("b", (e, args) -> {
      e.setValue("new");
      return null;
    });
    cache.invoke("zz", (e, args) -> {
      e.remove();
      return null;
    });
    cache.invoke("nothing", (e, args) -> {
      e.setValue("x");
      e.remove();
      return null;
    });
    cache.invoke("a", (e, args) -> {
      e.remove();
      e.setValue("2");
      return null;
    });
    assertEquals(List.of("write b=new", "delete zz", "write a=2"), writer.drain());
    assertFalse(cache.containsKey("nothing"));
    assertEquals("2", cache.get("a"));
  }

  @Test
  void failedWriteLeavesTheCacheUnchanged() {
    seed("a", "1");
    writer.failOn.add("a");
    writer.failOn.add("b");
    assertThrows(CacheWriterException.class, () -> cache.put("a", "2"));
    assertThrows(CacheWriterException.class, () -> cache.put("b", "2"));
    assertThrows(CacheWriterException.class, () -> cache.replace("a", "2"));
    assertThrows(CacheWriterException.class, () -> cache.remove("a"));
    assertThrows(CacheWriterException.class, () -> cache.getAndRemove("a"));
    assertThrows(CacheWriterException.class, () -> cache.invoke("a", (e, args) -> {
      e.setValue("3");
      return null;
    }));
    assertEquals("1", cache.get("a"));
    assertFalse(cache.containsKey("b"));
  }

  @Test
  void writerExceptionCauseIsKept() {
    writer.failOn.add("a");
    CacheWriterException e = assertThrows(CacheWriterException.class, () -> cache.put("a", "1"));
    assertTrue(e.getCause() instanceof UnsupportedOperationException);
  }

  @Test
  void putAllPartialFailureStoresOnlyTheWrittenEntries() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String k : List.of("a", "b", "c", "d")) {
      map.put(k, k + "1");
    }
    writer.failOn.add("c");
    assertThrows(CacheWriterException.class, () -> cache.putAll(map));
    assertEquals("a1", cache.get("a"));
    assertEquals("b1", cache.get("b"));
    assertNull(cache.get("c"));
    assertNull(cache.get("d"));
    assertConsistentWithWriter(Set.of("a", "b", "c", "d"));
  }

  @Test
  void removeAllPartialFailureRemovesOnlyTheDeletedKeys() {
    seed("a", "1", "b", "2", "c", "3", "d", "4");
    writer.store.putAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
    writer.failOn.add("c");
    assertThrows(CacheWriterException.class, () -> cache.removeAll(Set.of("a", "b", "c", "d")));
    assertTrue(cache.containsKey("c"));
    assertConsistentWithWriter(Set.of("a", "b", "c", "d"));
  }

  @Test
  void removeAllWithoutKeysPartialFailureRemovesOnlyTheDeletedKeys() {
    seed("a", "1", "b", "2", "c", "3", "d", "4");
    writer.store.putAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
    writer.failOn.add("c");
    assertThrows(CacheWriterException.class, () -> cache.removeAll());
    assertTrue(cache.containsKey("c"));
    assertConsistentWithWriter(Set.of("a", "b", "c", "d"));
  }

  private void assertConsistentWithWriter(Set<String> keys) {
    for (String k : keys) {
      assertEquals(writer.store.get(k), cache.get(k), "key " + k);
    }
  }
}
