package dev.larder.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters, listener exceptions, asynchronous order, (de)registration, event source. */
class ListenerBehaviourTest extends CacheTestBase {

  private Cache<String, String> cache;

  @BeforeEach
  void cache() {
    cache = stringCache();
  }

  @Test
  void filterDropsRejectedEvents() {
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfig(listener, e -> e.getValue().startsWith("a"), true));
    cache.put("1", "apple");
    cache.put("2", "banana");
    cache.put("2", "avocado");
    cache.remove("1");
    assertEquals(List.of("CREATED 1 apple -", "UPDATED 2 avocado banana", "REMOVED 1 apple apple"),
        listener.drain());
  }

  @Test
  void syncListenerExceptionReachesTheCallerAsListenerException() {
    RecordingListener<String, String> listener = listen(cache);
    listener.failWith(new IllegalStateException("listener broke"));
    CacheEntryListenerException e = assertThrows(CacheEntryListenerException.class, () -> cache.put("k", "v"));
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertEquals("v", cache.get("k"), "the put itself happened");
  }

  @Test
  void syncListenerExceptionPassesThroughInvokeUnwrapped() {
    RecordingListener<String, String> listener = listen(cache);
    CacheEntryListenerException thrown = new CacheEntryListenerException("mine");
    listener.failWith(thrown);
    CacheEntryListenerException e = assertThrows(CacheEntryListenerException.class,
        () -> cache.invoke("k", (entry, a) -> {
          entry.setValue("v");
          return null;
        }));
    assertSame(thrown, e);
  }

  @Test
  void eventSourceIsTheCache() {
    AtomicReference<Object> source = new AtomicReference<>();
    CacheEntryCreatedListener<String, String> listener = events -> events.forEach(e -> source.set(e.getSource()));
    Factory<CacheEntryListener<String, String>> factory = () -> listener;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));
    cache.put("k", "v");
    assertSame(cache, source.get());
  }

  @Test
  void asyncListenerGetsOneKeysEventsInOrder() throws Exception {
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfig(listener, null, false));
    int updates = 500;
    listener.expect(updates + 1);
    for (int i = 0; i <= updates; i++) {
      cache.put("k", "v" + i);
    }
    assertTrue(listener.await(), "all events delivered");
    List<String> expected = new ArrayList<>();
    expected.add("CREATED k v0 -");
    for (int i = 1; i <= updates; i++) {
      expected.add("UPDATED k v" + i + " v" + (i - 1));
    }
    assertEquals(expected, listener.drain());
  }

  @Test
  void asyncListenerExceptionDoesNotReachTheCaller() throws Exception {
    RecordingListener<String, String> failing = new RecordingListener<>();
    failing.failWith(new IllegalStateException("async broke"));
    cache.registerCacheEntryListener(listenerConfig(failing, null, false));
    RecordingListener<String, String> healthy = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfig(healthy, null, false));
    healthy.expect(1);
    cache.put("k", "v");
    assertTrue(healthy.await());
    assertEquals("v", cache.get("k"));
  }

  @Test
  void deregistrationStopsDeliveryAndClosesTheListener() {
    RecordingListener<String, String> listener = new RecordingListener<>();
    CacheEntryListenerConfiguration<String, String> config = listenerConfig(listener, null, true);
    cache.registerCacheEntryListener(config);
    cache.put("a", "1");
    cache.deregisterCacheEntryListener(config);
    cache.put("b", "2");
    assertEquals(List.of("CREATED a 1 -"), listener.drain());
    assertTrue(listener.isClosed());
  }

  @Test
  void closingTheCacheClosesListeners() {
    RecordingListener<String, String> listener = listen(cache);
    assertFalse(listener.isClosed());
    cache.close();
    assertTrue(listener.isClosed());
  }

  @Test
  void duplicateRegistrationIsRejected() {
    RecordingListener<String, String> listener = new RecordingListener<>();
    CacheEntryListenerConfiguration<String, String> config = listenerConfig(listener, null, true);
    cache.registerCacheEntryListener(config);
    assertThrows(IllegalArgumentException.class, () -> cache.registerCacheEntryListener(config));
    cache.put("k", "v");
    assertEquals(1, listener.drain().size(), "still registered once");
  }

  @Test
  void deregisteringUnknownIsANoOpAndNullIsRejected() {
    cache.deregisterCacheEntryListener(listenerConfig(new RecordingListener<>(), null, true));
    assertThrows(NullPointerException.class, () -> cache.deregisterCacheEntryListener(null));
    assertThrows(NullPointerException.class, () -> cache.registerCacheEntryListener(null));
  }

  @Test
  void configurationShowsTheCurrentRegistrations() {
    RecordingListener<String, String> first = new RecordingListener<>();
    CacheEntryListenerConfiguration<String, String> initial = listenerConfig(first, null, true);
    Cache<String, String> withInitial = create(config(String.class, String.class)
        .addCacheEntryListenerConfiguration(initial));
    withInitial.put("k", "v");
    assertEquals(1, first.drain().size(), "a listener from the configuration is registered");

    CacheEntryListenerConfiguration<String, String> added = listenerConfig(new RecordingListener<>(), null, false);
    withInitial.registerCacheEntryListener(added);
    assertEquals(Set.of(initial, added), registrations(withInitial));
    withInitial.deregisterCacheEntryListener(added);
    assertEquals(Set.of(initial), registrations(withInitial));
    withInitial.deregisterCacheEntryListener(initial);
    assertEquals(Set.of(), registrations(withInitial));
  }

  private static Set<CacheEntryListenerConfiguration<String, String>> registrations(Cache<String, String> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config = cache.getConfiguration(CompleteConfiguration.class);
    Set<CacheEntryListenerConfiguration<String, String>> set = new java.util.HashSet<>();
    config.getCacheEntryListenerConfigurations().forEach(set::add);
    return set;
  }
}
