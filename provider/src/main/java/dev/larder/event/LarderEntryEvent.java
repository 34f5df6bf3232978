package dev.larder.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One change to one entry, as delivered to listeners.
 *
 * <p>CREATED events carry the new value and no old value. UPDATED events carry both. REMOVED and
 * EXPIRED events carry the value the entry had, both as {@link #getValue()} and {@link
 * #getOldValue()}, as JSR-107 1.1 asks.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LarderEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;

  /**
   * Creates an event.
   *
   * @param source the cache that changed
   * @param type what happened
   * @param key the entry's key
   * @param value the new value (CREATED, UPDATED) or the last value (REMOVED, EXPIRED)
   * @param oldValue the previous value, or {@code null} for CREATED
   */
  public LarderEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValue != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "LarderEntryEvent[" + getEventType() + " " + key + "]";
  }
}
