package dev.larder.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.MapLoader;
import dev.larder.testing.RecordingListener;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which event each operation fires, with which values (synchronous listener, old values required). */
class EventsPerOperationTest extends CacheTestBase {

  private Cache<String, String> cache;
  private RecordingListener<String, String> listener;

  @BeforeEach
  void cacheWithListener() {
    cache = stringCache();
    listener = listen(cache);
  }

  @Test
  void putCreatesThenUpdates() {
    cache.put("k", "a");
    cache.put("k", "b");
    assertEquals(List.of("CREATED k a -", "UPDATED k b a"), listener.drain());
  }

  @Test
  void putAllFiresPerEntry() {
    cache.put("x", "old");
    Map<String, String> map = new LinkedHashMap<>();
    map.put("x", "new");
    map.put("y", "1");
    cache.putAll(map);
    List<String> events = listener.drain();
    assertEquals(3, events.size());
    assertEquals(Set.of("CREATED x old -", "UPDATED x new old", "CREATED y 1 -"), Set.copyOf(events));
  }

  @Test
  void getAndPutCreatesThenUpdates() {
    cache.getAndPut("k", "a");
    cache.getAndPut("k", "b");
    assertEquals(List.of("CREATED k a -", "UPDATED k b a"), listener.drain());
  }

  @Test
  void putIfAbsentCreatesOnlyWhenAbsent() {
    cache.putIfAbsent("k", "a");
    cache.putIfAbsent("k", "b");
    assertEquals(List.of("CREATED k a -"), listener.drain());
  }

  @Test
  void replaceFormsUpdateOnlyWhenTheyApply() {
    cache.replace("k", "nothing");
    cache.put("k", "a");
    listener.drain();
    cache.replace("k", "b");
    cache.replace("k", "wrong", "c");
    cache.replace("k", "b", "c");
    cache.getAndReplace("k", "d");
    cache.getAndReplace("absent", "d");
    assertEquals(List.of("UPDATED k b a", "UPDATED k c b", "UPDATED k d c"), listener.drain());
  }

  @Test
  void removeFormsFireRemovedWithTheLastValue() {
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    listener.drain();
    cache.remove("a");
    cache.remove("a");
    cache.remove("b", "wrong");
    cache.remove("b", "2");
    cache.getAndRemove("c");
    cache.getAndRemove("c");
    assertEquals(List.of("REMOVED a 1 1", "REMOVED b 2 2", "REMOVED c 3 3"), listener.drain());
  }

  @Test
  void removeAllFiresPerPresentEntry() {
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    listener.drain();
    cache.removeAll(Set.of("a", "missing"));
    assertEquals(List.of("REMOVED a 1 1"), listener.drain());
    cache.removeAll();
    assertEquals(Set.of("REMOVED b 2 2", "REMOVED c 3 3"), Set.copyOf(listener.drain()));
  }

  @Test
  void clearFiresNothing() {
    cache.put("a", "1");
    listener.drain();
    cache.clear();
    assertEquals(List.of(), listener.drain());
  }

  @Test
  void readsFireNothing() {
    cache.put("a", "1");
    listener.drain();
    cache.get("a");
    cache.get("missing");
    cache.getAll(Set.of("a", "missing"));
    cache.containsKey("a");
    cache.iterator().forEachRemaining(e -> { });
    assertEquals(List.of(), listener.drain());
  }

  @Test
  void iteratorRemoveFiresRemoved() {
    cache.put("a", "1");
    listener.drain();
    Iterator<Cache.Entry<String, String>> it = cache.iterator();
    it.next();
    it.remove();
    assertEquals(List.of("REMOVED a 1 1"), listener.drain());
  }

  @Test
  void invokeFiresTheEventOfItsNetEffect() {
    cache.invoke("k", (e, a) -> e.getValue());
    cache.invoke("k", (e, a) -> {
      e.setValue("a");
      return null;
    });
    cache.invoke("k", (e, a) -> {
      e.setValue("b");
      return null;
    });
    cache.invoke("k", (e, a) -> e.getValue());
    cache.invoke("k", (e, a) -> {
      e.remove();
      return null;
    });
    cache.invoke("k", (e, a) -> {
      e.remove();
      return null;
    });
    assertEquals(List.of("CREATED k a -", "UPDATED k b a", "REMOVED k b b"), listener.drain());
  }

  @Test
  void invokeAllFiresPerKey() {
    cache.put("a", "1");
    listener.drain();
    cache.invokeAll(Set.of("a", "b"), (e, args) -> {
      e.setValue("x");
      return null;
    });
    assertEquals(Set.of("UPDATED a x 1", "CREATED b x -"), Set.copyOf(listener.drain()));
  }

  @Test
  void readThroughAndLoadAllFireCreatedAndUpdatedOnReplace() throws Exception {
    MapLoader<String, String> loader = new MapLoader<>();
    loader.source.put("a", "1");
    loader.source.put("b", "2");
    Factory<CacheLoader<String, String>> factory = () -> loader;
    Cache<String, String> loading = create(config(String.class, String.class)
        .setReadThrough(true).setCacheLoaderFactory(factory));
    RecordingListener<String, String> l = listen(loading);
    loading.get("a");
    assertEquals(List.of("CREATED a 1 -"), l.drain());
    loader.source.put("a", "1b");
    javax.cache.integration.CompletionListenerFuture done = new javax.cache.integration.CompletionListenerFuture();
    loading.loadAll(Set.of("a", "b"), true, done);
    done.get();
    assertEquals(Set.of("UPDATED a 1b 1", "CREATED b 2 -"), Set.copyOf(l.drain()));
  }
}
