package dev.larder.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.MapLoader;
import dev.larder.testing.RecordingWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read-through (get, getAll, invoke) and loadAll with its completion listener. */
class ReadThroughTest extends CacheTestBase {

  /** Counts its callbacks. */
  static final class Completion implements CompletionListener {
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion() {
      completions.incrementAndGet();
    }

    @Override
    public void onException(Exception e) {
      failures.incrementAndGet();
      failure.set(e);
    }
  }

  private final MapLoader<String, String> loader = new MapLoader<>();
  private final RecordingWriter<String, String> writer = new RecordingWriter<>();

  @BeforeEach
  void source() {
    loader.source.put("a", "1");
    loader.source.put("b", "2");
    loader.source.put("c", "3");
  }

  private MutableConfiguration<String, String> loaderConfig(boolean readThrough) {
    Factory<CacheLoader<String, String>> loaderFactory = () -> loader;
    Factory<CacheWriter<String, String>> writerFactory = () -> writer;
    return config(String.class, String.class).setReadThrough(readThrough).setCacheLoaderFactory(loaderFactory)
        .setWriteThrough(true).setCacheWriterFactory(writerFactory);
  }

  @Test
  void getLoadsOnceAndStoresWithoutWriting() {
    Cache<String, String> cache = create(loaderConfig(true));
    assertEquals("1", cache.get("a"));
    assertEquals("1", cache.get("a"));
    assertEquals(1, loader.loads.get());
    assertTrue(cache.containsKey("a"));
    assertEquals(List.of(), writer.drain());
  }

  @Test
  void getOfAKeyTheLoaderLacksReturnsNullAndStoresNothing() {
    Cache<String, String> cache = create(loaderConfig(true));
    assertNull(cache.get("zzz"));
    assertFalse(cache.containsKey("zzz"));
  }

  @Test
  void loaderFailureIsWrappedInCacheLoaderException() {
    Cache<String, String> cache = create(loaderConfig(true));
    IllegalStateException cause = new IllegalStateException("db down");
    loader.failure = cause;
    CacheLoaderException e = assertThrows(CacheLoaderException.class, () -> cache.get("a"));
    assertSame(cause, e.getCause());
    assertFalse(cache.containsKey("a"));
  }

  @Test
  void getAllLoadsOnlyMissingKeysAndSkipsNulls() {
    Cache<String, String> cache = create(loaderConfig(true));
    cache.put("a", "cached");
    Map<String, String> all = cache.getAll(Set.of("a", "b", "zzz"));
    assertEquals(Map.of("a", "cached", "b", "2"), all);
    assertEquals(2, loader.loads.get());
    cache.getAll(Set.of("a", "b"));
    assertEquals(2, loader.loads.get(), "no reload");
  }

  @Test
  void getAllWithANullKeyFailsBeforeLoading() {
    Cache<String, String> cache = create(loaderConfig(true));
    Set<String> keys = new HashSet<>();
    keys.add("a");
    keys.add(null);
    assertThrows(NullPointerException.class, () -> cache.getAll(keys));
    assertEquals(0, loader.loads.get());
  }

  @Test
  void invokeLoadsOnlyWhenTheProcessorReadsAnAbsentValue() {
    Cache<String, String> cache = create(loaderConfig(true));
    assertEquals(Boolean.FALSE, cache.invoke("a", (e, args) -> e.exists()));
    assertEquals(0, loader.loads.get());
    assertEquals("1", cache.invoke("a", (e, args) -> e.getValue()));
    assertEquals(1, loader.loads.get());
    assertEquals("1", cache.get("a"));
    assertEquals(List.of(), writer.drain(), "a loaded value is not written");
  }

  @Test
  void withoutReadThroughGetNeverLoads() {
    Cache<String, String> cache = create(loaderConfig(false));
    loader.failure = new IllegalStateException("must not be called");
    assertNull(cache.get("a"));
    assertEquals(Map.of(), cache.getAll(Set.of("a")));
    assertNull(cache.invoke("a", (e, args) -> e.getValue()));
    assertEquals(0, loader.loads.get());
  }

  @Test
  void writesRemovesAndIterationNeverLoad() {
    Cache<String, String> cache = create(loaderConfig(true));
    cache.containsKey("a");
    cache.put("x", "v");
    cache.getAndPut("b", "v");
    cache.putIfAbsent("c", "v");
    cache.replace("d", "v");
    cache.replace("d", "v", "w");
    cache.getAndReplace("d", "v");
    cache.remove("e");
    cache.remove("e", "v");
    cache.getAndRemove("e");
    cache.removeAll(Set.of("f"));
    cache.iterator().forEachRemaining(e -> { });
    assertEquals(0, loader.loads.get());
  }

  @Test
  void loadAllWithoutReplaceLoadsOnlyAbsentKeysAndCompletesOnce() {
    Cache<String, String> cache = create(loaderConfig(true));
    cache.put("a", "cached");
    writer.drain();
    Completion done = new Completion();
    cache.loadAll(Set.of("a", "b", "c", "zzz"), false, done);
    assertEquals(1, done.completions.get());
    assertEquals(0, done.failures.get());
    assertEquals(3, loader.loads.get());
    assertEquals("cached", cache.get("a"));
    assertEquals("2", cache.get("b"));
    assertFalse(cache.containsKey("zzz"));
    assertEquals(List.of(), writer.drain(), "loads are never written");
  }

  @Test
  void loadAllWithReplaceReloadsEverything() {
    Cache<String, String> cache = create(loaderConfig(true));
    cache.put("a", "cached");
    Completion done = new Completion();
    cache.loadAll(Set.of("a", "b"), true, done);
    assertEquals(1, done.completions.get());
    assertEquals(2, loader.loads.get());
    assertEquals("1", cache.get("a"));
  }

  @Test
  void loadAllFailureGoesToTheListenerOnceAndNeverToTheCaller() {
    Cache<String, String> cache = create(loaderConfig(true));
    loader.failure = new IllegalStateException("db down");
    Completion done = new Completion();
    cache.loadAll(Set.of("a"), false, done);
    assertEquals(0, done.completions.get());
    assertEquals(1, done.failures.get());
    assertTrue(done.failure.get() instanceof CacheLoaderException, String.valueOf(done.failure.get()));
    cache.loadAll(Set.of("a"), false, null);
    assertFalse(cache.containsKey("a"));
  }

  @Test
  void loadAllStillLoadsWithoutReadThrough() {
    Cache<String, String> cache = create(loaderConfig(false));
    Completion done = new Completion();
    cache.loadAll(Set.of("a"), false, done);
    assertEquals(1, done.completions.get());
    assertEquals("1", cache.get("a"));
  }

  @Test
  void loadAllWithoutLoaderCompletes() {
    Cache<String, String> cache = stringCache();
    Completion done = new Completion();
    cache.loadAll(Set.of("a"), false, done);
    cache.loadAll(Set.of("a"), false, null);
    assertEquals(1, done.completions.get());
  }

  @Test
  void loadAllRejectsNullKeysSynchronously() {
    Cache<String, String> cache = create(loaderConfig(true));
    Completion done = new Completion();
    assertThrows(NullPointerException.class, () -> cache.loadAll(null, false, done));
    Set<String> keys = new HashSet<>();
    keys.add("a");
    keys.add(null);
    assertThrows(NullPointerException.class, () -> cache.loadAll(keys, false, done));
    assertEquals(0, loader.loads.get());
    assertEquals(0, done.completions.get() + done.failures.get());
  }

  @Test
  void loaderMapWithNullValuesIsSkipped() {
    CacheLoader<String, String> nullLoader = new CacheLoader<>() {
      @Override
      public String load(String key) {
        return null;
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        Map<String, String> map = new java.util.HashMap<>();
        keys.forEach(k -> map.put(k, null));
        return map;
      }
    };
    Factory<CacheLoader<String, String>> factory = () -> nullLoader;
    Cache<String, String> cache = create(config(String.class, String.class)
        .setReadThrough(true).setCacheLoaderFactory(factory));
    Completion done = new Completion();
    cache.loadAll(Set.of("a", "b"), true, done);
    assertEquals(1, done.completions.get());
    assertEquals(Map.of(), cache.getAll(Set.of("a", "b")));
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void closingTheCacheClosesLoaderAndWriter() {
    Cache<String, String> cache = create(loaderConfig(true));
    cache.close();
    assertTrue(loader.isClosed());
    assertTrue(writer.isClosed());
  }
}
