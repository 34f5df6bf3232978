package dev.larder.processor;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an {@link javax.cache.processor.EntryProcessor} works on.
 *
 * <p>It records what the processor did, without touching the cache; the cache applies the net
 * {@link #operation()} afterwards, under the key's lock. Reading the value of an absent entry of a
 * read-through cache loads it (once).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of a processor on its entry. */
  public enum Operation {
    /** Nothing observable happened. */
    NONE,
    /** The existing value was read. */
    ACCESS,
    /** The value was loaded through the cache loader and not changed afterwards. */
    LOAD,
    /** An absent entry was given a value. */
    CREATE,
    /** An existing entry was given a new value. */
    UPDATE,
    /** The entry was removed (it may not have existed: write-through still deletes the key). */
    REMOVE
  }

  private final K key;
  private final boolean existed;
  private final Function<K, V> loader;
  private V value;
  private Operation operation = Operation.NONE;

  /**
   * Creates the view of one entry.
   *
   * @param key the key
   * @param value the entry's current value (a copy the processor may keep), or {@code null} if absent
   * @param loader loads an absent value for read-through caches, or {@code null}
   */
  public ProcessorEntry(K key, V value, Function<K, V> loader) {
    this.key = key;
    this.value = value;
    this.existed = value != null;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (operation == Operation.NONE) {
      if (existed) {
        operation = Operation.ACCESS;
      } else if (loader != null) {
        V loaded = loader.apply(key);
        if (loaded != null) {
          value = loaded;
          operation = Operation.LOAD;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    operation = (operation == Operation.CREATE || operation == Operation.LOAD) ? Operation.NONE : Operation.REMOVE;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor may not set a null value");
    value = newValue;
    operation = existed ? Operation.UPDATE : Operation.CREATE;
  }

  /**
   * Returns the net effect of the processor.
   *
   * @return what the cache must do
   */
  public Operation operation() {
    return operation;
  }

  /**
   * Returns the value the entry ends with.
   *
   * @return the value, or {@code null} if the entry ends absent
   */
  public V value() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a mutable entry cannot be unwrapped to " + clazz.getName());
  }
}
