package dev.larder.store;

import dev.larder.engine.Holder;

/**
 * Told of the entries a store expires by itself: rows only its authority holds (a file reopened
 * after its entries' time ran out), which no walk of memory can reach. Called once per entry,
 * after the removal is committed, while the key is still held — as the expiry step of an
 * operation would report it.
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
}
