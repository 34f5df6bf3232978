package dev.larder.store;

import dev.larder.engine.Holder;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Where a cache keeps its entries: the contract between the JCache layer and storage.
 *
 * <p>Keys and values arrive here already in their stored form (copied, for store-by-value
 * caches). A store knows nothing of events, statistics, loaders or writers; it offers lock-free
 * reads and an atomic per-key {@link #compute}. The heap store is the in-memory engine; other
 * stores (persistent, shared) implement the same contract and run the same contract tests.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public interface Store<K, V> extends AutoCloseable {

  /**
   * Returns the entry for a key, expired or not.
   *
   * @param key the key, not {@code null}
   * @return the entry, or {@code null} if none is stored
   */
  Holder<V> get(Object key);

  /**
   * Returns what is stored for a key: a {@link Holder}, or a bare value, which stores may use for
   * entries that never expire (such an entry is live). The default returns {@link #get}.
   *
   * @param key the key, not {@code null}
   * @return a {@code Holder}, a bare value (never a {@code Holder}), or {@code null}
   */
  default Object peek(Object key) {
    return get(key);
  }

  /**
   * Atomically replaces the entry for a key. The function runs at most once, under the key's lock,
   * and must not call this store again.
   *
   * @param key the key, not {@code null}
   * @param function receives the key and current entry (or {@code null}); returns the new entry, the
   *     same one, or {@code null} to remove
   * @return the entry stored afterwards, or {@code null}
   */
  Holder<V> compute(K key, BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function);

  /**
   * Removes a mapping only if it still holds the given entry (compared by identity).
   *
   * @param key the key
   * @param expected the entry that must still be stored
   * @return {@code true} if it was removed
   */
  boolean removeIfSame(K key, Holder<V> expected);

  /**
   * Returns the number of stored entries, expired ones included.
   *
   * @return the count
   */
  long size();

  /** Removes every entry, without any notification. */
  void clear();

  /**
   * Returns a weakly consistent iterator over every mapping, expired ones included.
   *
   * @return the iterator
   */
  Iterator<Map.Entry<K, Holder<V>>> iterator();

  /**
   * Checks, before anything is written, that the store can hold a key and value (a persistent
   * store must be able to encode them). The default accepts everything.
   *
   * @param key the key
   * @param value the value
   * @throws IllegalArgumentException naming the cache and key if they cannot be stored
   */
  default void check(Object key, Object value) {}

  /**
   * Background expiry: visits up to {@code budget} entries, expired or not, continuing where the
   * previous call stopped; a call that reaches the end of the table stops there and the next one
   * starts over. One caller at a time. The default visits nothing.
   *
   * @param budget the most entries to visit
   * @param visitor receives each visited key and entry
   * @return the number of entries visited: fewer than {@code budget} once the end is reached
   */
  default int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    return 0;
  }

  /**
   * Tells the store that a read moved an entry's deadline in place, outside any atomic step (an
   * access that renews a time-to-live). A persistent store records the new deadline later, in the
   * background; the default does nothing.
   *
   * @param key the entry's key
   * @param entry the entry, whose {@link Holder#deadline()} has moved
   */
  default void renewed(K key, Holder<V> entry) {}

  /**
   * Periodic housekeeping, called by the cache's maintenance thread about ten times a second
   * (tests call it directly). The default does nothing.
   */
  default void maintain() {}

  /** Releases the store's resources; the store is not used afterwards. */
  @Override
  void close();
}
