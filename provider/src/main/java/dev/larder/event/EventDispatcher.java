package dev.larder.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * A cache's registered listeners and the delivery of its events.
 *
 * <p>Operations ask {@link #wants(EventType)} before they build an event, so a cache without
 * interested listeners creates none. An operation collects its events in its step and hands them
 * to {@link #publishAsync} once the change is committed, while it still holds the key, which fixes
 * the per-key order for asynchronous listeners. Synchronous listeners ({@link #publishSync}) run
 * in the calling thread: while any is registered, operations run as exclusive steps and deliver
 * to them while still holding the key, so they too see each key's events in order, and may call
 * back into the cache (a call for the same key from the listener's thread enters the key again).
 *
 * <p>Registrations are copy-on-write: delivery never locks.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventDispatcher<K, V> {

  private final Cache<K, V> source;
  private final OrderedLanes lanes;
  private volatile List<ListenerRegistration<K, V>> registrations = List.of();
  private volatile int interests;
  private volatile boolean hasSync;
  private volatile boolean hasAsync;

  /**
   * Creates a dispatcher with no listeners.
   *
   * @param source the cache named as the source of every event
   * @param lanes the threads that deliver to asynchronous listeners
   */
  public EventDispatcher(Cache<K, V> source, OrderedLanes lanes) {
    this.source = Objects.requireNonNull(source, "source");
    this.lanes = Objects.requireNonNull(lanes, "lanes");
  }

  /**
   * Adds a listener, creating it (and its filter) from the configuration's factories.
   *
   * @param configuration the listener's configuration
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    List<ListenerRegistration<K, V>> next = new ArrayList<>(registrations);
    next.add(new ListenerRegistration<>(configuration));
    update(next);
  }

  /**
   * Removes a listener and closes it if it is {@link java.io.Closeable}.
   *
   * @param configuration the configuration it was registered with
   * @return {@code true} if it was registered
   */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    List<ListenerRegistration<K, V>> next = new ArrayList<>(registrations);
    for (ListenerRegistration<K, V> r : next) {
      if (r.configuration().equals(configuration)) {
        next.remove(r);
        update(next);
        r.close();
        return true;
      }
    }
    return false;
  }

  /** Removes and closes every listener. */
  public synchronized void close() {
    List<ListenerRegistration<K, V>> old = registrations;
    update(List.of());
    old.forEach(ListenerRegistration::close);
  }

  private void update(List<ListenerRegistration<K, V>> next) {
    int bits = 0;
    boolean sync = false;
    boolean async = false;
    for (ListenerRegistration<K, V> r : next) {
      bits |= r.interests();
      sync |= r.isSynchronous();
      async |= !r.isSynchronous();
    }
    registrations = List.copyOf(next);
    interests = bits;
    hasSync = sync;
    hasAsync = async;
  }

  /**
   * Tells whether any listener wants events of a type.
   *
   * @param type the event type
   * @return {@code true} if an event of this type must be built
   */
  public boolean wants(EventType type) {
    return (interests & ListenerRegistration.bit(type)) != 0;
  }

  /**
   * Tells whether any synchronous listener is registered.
   *
   * @return {@code true} if events must be delivered before operations return
   */
  public boolean hasSynchronous() {
    return hasSync;
  }

  /**
   * Tells whether any listener is registered at all.
   *
   * @return {@code true} if there is at least one listener
   */
  public boolean hasListeners() {
    return interests != 0;
  }

  /**
   * Builds an event with this dispatcher's cache as source.
   *
   * @param type what happened
   * @param key the key
   * @param value the new value, or the last value for REMOVED and EXPIRED
   * @param oldValue the previous value, or {@code null}
   * @return the event
   */
  public LarderEntryEvent<K, V> event(EventType type, K key, V value, V oldValue) {
    return new LarderEntryEvent<>(source, type, key, value, oldValue);
  }

  /**
   * Queues events for asynchronous listeners; called while the key is held.
   *
   * @param events the events of one operation on one key, in order; may be {@code null}
   */
  public void publishAsync(List<LarderEntryEvent<K, V>> events) {
    if (events == null || events.isEmpty() || !hasAsync) {
      return;
    }
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.isSynchronous()) {
        continue;
      }
      for (LarderEntryEvent<K, V> event : events) {
        if (r.wants(event.getEventType())) {
          lanes.execute(event.getKey(), () -> r.deliver(List.of(event)));
        }
      }
    }
  }

  /**
   * Delivers events to synchronous listeners in the calling thread.
   *
   * @param events the events of one operation, in order; may be {@code null}
   * @throws javax.cache.event.CacheEntryListenerException if a listener throws
   */
  public void publishSync(List<LarderEntryEvent<K, V>> events) {
    if (events == null || events.isEmpty() || !hasSync) {
      return;
    }
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.isSynchronous()) {
        r.deliver(events);
      }
    }
  }
}
