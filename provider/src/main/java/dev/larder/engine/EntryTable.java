package dev.larder.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Larder's in-memory engine: a concurrent hash table of {@link Holder entries} with expiry deadlines.
 *
 * <h2>Concurrency</h2>
 * The table is a {@link ConcurrentHashMap}. Reads take no lock. Every write to a key goes through
 * {@link #compute}, which runs the caller's function while holding that key's bin lock, so each
 * per-key operation of the JCache layer (conditional writes, write-through, entry processors) is
 * atomic without any cache-wide lock. Functions passed to {@code compute} must not touch the same
 * table again: that is the one rule the layers above follow.
 *
 * <h2>Expiry</h2>
 * Each entry carries an absolute deadline in milliseconds of the injected {@link Clock}. The table
 * itself never looks at the time: callers read the clock once per operation and decide, under the
 * key's lock, whether the entry they find is still live. An expired entry stays in the table until
 * an operation on its key (or a sweep of the layer above) removes it, so that layer can report the
 * expiry exactly once. Eternal entries use {@link Deadlines#NEVER}.
 *
 * <h2>Eviction</h2>
 * None yet: this table is unbounded. Size bounds belong here, not in the JCache layer.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class EntryTable<K, V> {

  private final ConcurrentHashMap<K, Holder<V>> map = new ConcurrentHashMap<>();

  /** Creates an empty table. */
  public EntryTable() {}

  /**
   * Returns the entry stored for a key, expired or not, without any lock.
   *
   * @param key the key, not {@code null}
   * @return the entry, or {@code null} if there is none
   */
  public Holder<V> get(Object key) {
    return map.get(key);
  }

  /**
   * Atomically replaces the entry for a key with what a function returns.
   *
   * @param key the key, not {@code null}; stored as given if the key is new
   * @param function receives the key and the current entry (or {@code null}) and returns the new
   *     entry, the same entry to leave it alone, or {@code null} to remove the mapping
   * @return the entry now stored, or {@code null}
   */
  public Holder<V> compute(K key, BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function) {
    return map.compute(key, function);
  }

  /**
   * Removes the mapping only if it still holds the very entry given (identity).
   *
   * @param key the key
   * @param expected the entry that must still be stored
   * @return {@code true} if it was removed
   */
  public boolean removeIfSame(K key, Holder<V> expected) {
    Objects.requireNonNull(expected, "expected");
    boolean[] removed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (current == expected) {
        removed[0] = true;
        return null;
      }
      return current;
    });
    return removed[0];
  }

  /**
   * Returns the number of stored entries, expired ones included.
   *
   * @return the number of mappings
   */
  public int size() {
    return map.size();
  }

  /** Removes every entry. */
  public void clear() {
    map.clear();
  }

  /**
   * Returns a weakly consistent iterator over all mappings, expired ones included.
   *
   * @return an iterator that never throws {@link java.util.ConcurrentModificationException}
   */
  public Iterator<Map.Entry<K, Holder<V>>> iterator() {
    return map.entrySet().iterator();
  }
}
