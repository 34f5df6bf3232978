package dev.larder.copy;

/**
 * Makes the private copies that store-by-value caches keep and hand out.
 *
 * <p>A copier is called with every key written and every value written or read of a
 * store-by-value cache. It may return its argument unchanged when the value cannot be mutated.
 */
public interface Copier {

  /**
   * Returns a copy of an object that shares no mutable state with it.
   *
   * @param object the object to copy, not {@code null}
   * @param <T> its type
   * @return an equal object; the argument itself if it is immutable
   * @throws IllegalArgumentException if the object cannot be copied (e.g. it is not serializable)
   */
  <T> T copy(T object);

  /**
   * Returns the copier of store-by-reference caches: it copies nothing.
   *
   * @return the identity copier
   */
  static Copier identity() {
    return IdentityCopier.INSTANCE;
  }
}
