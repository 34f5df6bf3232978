package dev.larder.store;

import dev.larder.engine.Holder;

/**
 * Told of the entries a store expires by itself: rows only its authority holds (a file reopened
 * after its entries' time ran out), which no walk of memory can reach. Called once per entry,
 * after the removal is committed, while the key is still held — as the expiry step of an
 * operation would report it.
 *
 * <p>A shared store (one authority for several instances) also reports the changes that other
 * instances committed ({@link #changedElsewhere}), so that this instance's listeners see them.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public interface StoreExpiry<K, V> {

  /** Expires silently (tests, and caches without listeners). */
  @SuppressWarnings("rawtypes")
  StoreExpiry NONE = new StoreExpiry() {
    @Override
    public boolean wantsEntries() {
      return false;
    }

    @Override
    public void expired(Object key, Holder entry) {}
  };

  /**
   * Returns the listener that ignores expiries.
   *
   * @param <K> key type
   * @param <V> stored value type
   * @return {@link #NONE}
   */
  @SuppressWarnings("unchecked")
  static <K, V> StoreExpiry<K, V> none() {
    return NONE;
  }

  /**
   * Tells whether {@link #expired} needs the entries' values (for EXPIRED events); if not, a store
   * may remove the rows without reading them.
   *
   * @return {@code true} if values are wanted
   */
  boolean wantsEntries();

  /**
   * Reports one expired entry.
   *
   * @param key the key
   * @param entry the last entry (value and deadline), or a holder with a {@code null} value if
   *     {@link #wantsEntries()} was false
   */
  void expired(K key, Holder<V> entry);

  /**
   * Tells whether changes of a kind made by other instances are wanted (some listener wants them);
   * a shared store need not decode the others.
   *
   * @param type the kind of change
   * @return {@code true} if {@link #changedElsewhere} should be called for it; the default is
   *     {@code false}
   */
  default boolean wantsChanges(javax.cache.event.EventType type) {
    return false;
  }

  /**
   * Reports a change another instance committed to a shared store (asynchronously, on a thread of
   * the store, in the order the authority committed them). The default ignores it.
   *
   * @param type what happened to the key
   * @param key the key
   * @param value the new value (CREATED, UPDATED), or the last one (REMOVED, EXPIRED)
   * @param oldValue the value before (UPDATED, REMOVED, EXPIRED), or {@code null}
   */
  default void changedElsewhere(javax.cache.event.EventType type, K key, V value, V oldValue) {}
}
