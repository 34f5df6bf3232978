package dev.larder.redis;

import dev.larder.store.StoreExpiry;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * What a {@link RedisStore} hears on its cache's channels: the changes other instances committed,
 * delivered to this instance's listeners in channel order on a delivery thread (never on the
 * client's I/O thread), and the notices that wake the steps waiting for a lease and the callers
 * waiting for another instance's computation.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class Inbox<K, V> {

  private static final Logger LOG = Logger.getLogger(Inbox.class.getName());

  private final RedisStore<K, V> store;
  private final StoreExpiry<K, V> events;
  private final Leases<K> leases;
  private final FlightTable<K, V> flights;
  private final Serial delivery;

  Inbox(RedisStore<K, V> store, StoreExpiry<K, V> events, Leases<K> leases, FlightTable<K, V> flights,
      Serial delivery) {
    this.store = store;
    this.events = events;
    this.leases = leases;
    this.flights = flights;
    this.delivery = delivery;
  }

  void onEvent(byte[] bytes) {
    Message m;
    try {
      m = Message.parse(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warning("Cache '" + store.name + "': a message on its events channel was not Larder's ("
          + e.getMessage() + ")");
      return;
    }
    if (!m.event() || m.origin().equals(store.instance)) {
      return; // this instance's listeners had their events from the operation itself
    }
    delivery.execute(() -> deliver(m));
  }

  private void deliver(Message m) {
    if (store.isClosed()) {
      return;
    }
    try {
      K key = null;
      for (char kind : m.kinds().toCharArray()) {
        javax.cache.event.EventType type = switch (kind) {
          case 'C' -> javax.cache.event.EventType.CREATED;
          case 'U' -> javax.cache.event.EventType.UPDATED;
          case 'R' -> javax.cache.event.EventType.REMOVED;
          default -> javax.cache.event.EventType.EXPIRED;
        };
        if (!events.wantsChanges(type)) {
          continue;
        }
        if (key == null) {
          key = store.decodeKey(m.member());
        }
        V value = type == javax.cache.event.EventType.CREATED || type == javax.cache.event.EventType.UPDATED
            ? store.decode(m.value(), key) : store.decode(m.old(), key);
        V old = type == javax.cache.event.EventType.CREATED ? null : store.decode(m.old(), key);
        events.changedElsewhere(type, key, value, old);
      }
    } catch (CacheException e) {
      LOG.log(Level.WARNING, "Cache '" + store.name + "': a change of another instance was not delivered: "
          + e.getMessage(), e);
    }
  }

  void onNotice(byte[] bytes) {
    Message m;
    try {
      m = Message.parse(bytes);
    } catch (IllegalArgumentException e) {
      return;
    }
    leases.wake(m.member());
    flights.check(m.member());
  }
}
