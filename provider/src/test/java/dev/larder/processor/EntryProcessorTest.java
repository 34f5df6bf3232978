package dev.larder.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.RecordingListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Test;

/** {@code invoke} and {@code invokeAll}: what a processor sees, what it leaves, and the events it causes. */
class EntryProcessorTest extends CacheTestBase {

  @Test
  void setValueOnAbsentEntryCreatesIt() {
    Cache<String, String> cache = stringCache();
    RecordingListener<String, String> listener = listen(cache);
    String result = cache.invoke("k", (MutableEntry<String, String> e, Object... args) -> {
      assertFalse(e.exists());
      assertNull(e.getValue());
      e.setValue("v" + args[0]);
      assertTrue(e.exists(), "the entry exists within the invocation once set");
      return e.getValue();
    }, 1);
    assertEquals("v1", result);
    assertEquals("v1", cache.get("k"));
    assertEquals(List.of("CREATED k v1 -"), listener.events());
  }

  @Test
  void setThenRemoveInOneInvocationLeavesNothingAndSendsNoEvent() {
    Cache<String, String> cache = stringCache();
    RecordingListener<String, String> listener = listen(cache);
    cache.invoke("k", (e, args) -> {
      e.setValue("temporary");
      e.remove();
      return null;
    });
    assertFalse(cache.containsKey("k"));
    assertEquals(List.of(), listener.events());
  }

  @Test
  void removeThenSetOnExistingEntryIsAnUpdate() {
    Cache<String, String> cache = stringCache();
    cache.put("k", "old");
    RecordingListener<String, String> listener = listen(cache);
    cache.invoke("k", (e, args) -> {
      e.remove();
      assertFalse(e.exists());
      e.setValue("new");
      return null;
    });
    assertEquals("new", cache.get("k"));
    assertEquals(List.of("UPDATED k new old"), listener.events());
  }

  @Test
  void exceptionIsWrappedAndLeavesTheEntryUnchanged() {
    Cache<String, String> cache = stringCache();
    cache.put("k", "before");
    EntryProcessorException e = assertThrows(EntryProcessorException.class, () -> cache.invoke("k", (entry, args) -> {
      entry.setValue("half-done");
      throw new IllegalStateException("boom");
    }));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("before", cache.get("k"), "a failed processor must not leave its change behind");
  }

  @Test
  void invokeAllReportsResultsAndFailuresPerKey() {
    Cache<String, String> cache = stringCache();
    cache.put("a", "1");
    cache.put("b", "2");
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("a", "b", "c"), (e, args) -> {
      if (e.getKey().equals("b")) {
        throw new IllegalArgumentException("no b");
      }
      e.setValue(e.exists() ? e.getValue() + "!" : "new");
      return e.getValue();
    });
    assertEquals("1!", results.get("a").get());
    assertEquals("new", results.get("c").get());
    EntryProcessorException failure = assertThrows(EntryProcessorException.class, () -> results.get("b").get());
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    assertEquals("2", cache.get("b"));
    assertEquals("1!", cache.get("a"));
  }

  @Test
  void readingAnExpiredEntryInsideAProcessorSeesNothing() {
    MutableConfiguration<String, String> configuration = config(String.class, String.class);
    configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(java.util.concurrent.TimeUnit.SECONDS, 10)));
    Cache<String, String> cache = create(configuration);
    cache.put("k", "v");
    clock.advance(java.time.Duration.ofSeconds(10));
    Boolean existed = cache.invoke("k", (e, args) -> e.exists());
    assertFalse(existed);
    assertNull(cache.get("k"));
  }

  @Test
  void storeByValueProcessorCannotChangeTheCachedValueByMutation() {
    Cache<String, StringBuilder> cache = create(config(String.class, StringBuilder.class));
    cache.put("k", new StringBuilder("abc"));
    cache.invoke("k", (e, args) -> {
      e.getValue().append("-mutated-without-setValue");
      return null;
    });
    assertEquals("abc", cache.get("k").toString());
  }
}
