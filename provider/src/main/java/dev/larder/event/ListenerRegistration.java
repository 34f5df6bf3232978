package dev.larder.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A registered listener: the instance its configuration's factory made, its filter, and which
 * event types it implements.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class ListenerRegistration<K, V> {

  private static final Logger LOG = Logger.getLogger(ListenerRegistration.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final int interests;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory = configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    int bits = 0;
    if (listener instanceof CacheEntryCreatedListener) {
      bits |= bit(EventType.CREATED);
    }
    if (listener instanceof CacheEntryUpdatedListener) {
      bits |= bit(EventType.UPDATED);
    }
    if (listener instanceof CacheEntryRemovedListener) {
      bits |= bit(EventType.REMOVED);
    }
    if (listener instanceof CacheEntryExpiredListener) {
      bits |= bit(EventType.EXPIRED);
    }
    this.interests = bits;
  }

  static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  int interests() {
    return interests;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  boolean wants(EventType type) {
    return (interests & bit(type)) != 0;
  }

  /**
   * Delivers the events this listener wants and its filter accepts, in order, grouping runs of
   * the same type into one call.
   */
  void deliver(List<LarderEntryEvent<K, V>> events) {
    List<CacheEntryEvent<? extends K, ? extends V>> run = new ArrayList<>();
    EventType runType = null;
    for (LarderEntryEvent<K, V> event : events) {
      EventType type = event.getEventType();
      if (!wants(type) || (filter != null && !filter.evaluate(event))) {
        continue;
      }
      if (type != runType && !run.isEmpty()) {
        call(runType, run);
        run = new ArrayList<>();
      }
      runType = type;
      run.add(event);
    }
    if (!run.isEmpty()) {
      call(runType, run);
    }
  }

  @SuppressWarnings("unchecked")
  private void call(EventType type, List<CacheEntryEvent<? extends K, ? extends V>> events) {
    Iterable<CacheEntryEvent<? extends K, ? extends V>> batch = events;
    try {
      switch (type) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(batch);
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(batch);
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(batch);
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(batch);
        default -> throw new IllegalStateException("unknown event type " + type);
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("listener " + listener.getClass().getName()
          + " failed on " + type + ": " + e, e);
    }
  }

  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
      }
    } else if (o instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
      }
    }
  }
}
