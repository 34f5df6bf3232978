package dev.larder.jcache;

import java.util.Objects;
import javax.cache.Cache;

/**
 * An immutable key-value pair handed out by Larder: by the iterator, to cache writers, and in
 * entry-processor results.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LarderEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  /**
   * Creates an entry.
   *
   * @param key the key, not {@code null}
   * @param value the value
   */
  public LarderEntry(K key, V value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = value;
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
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a Larder cache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LarderEntry<?, ?> other && key.equals(other.key) && Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() ^ Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
