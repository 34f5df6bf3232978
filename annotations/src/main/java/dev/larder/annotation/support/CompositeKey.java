package dev.larder.annotation.support;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * An immutable key made of several values: equal when the values are equal in order, with its hash
 * computed once. Serializable (as its parts must be) so store-by-value caches accept it. Also the
 * {@link GeneratedCacheKey} of the JSR-107 annotations.
 */
public final class CompositeKey implements GeneratedCacheKey {

  private static final long serialVersionUID = 1L;

  /** The key of a method without arguments. */
  public static final CompositeKey EMPTY = new CompositeKey(new Object[0]);

  /** The values, in order. */
  private final Object[] parts;
  /** {@code Arrays.deepHashCode(parts)}, computed once. */
  private final int hash;

  private CompositeKey(Object[] parts) {
    this.parts = parts;
    this.hash = Arrays.deepHashCode(parts);
  }

  /**
   * Makes a key of the given parts (copied; {@code null} parts allowed).
   *
   * @param parts the values, in order
   * @return the key
   */
  public static CompositeKey of(Object... parts) {
    return parts.length == 0 ? EMPTY : new CompositeKey(parts.clone());
  }

  /** Makes a key that owns {@code parts} (no copy): for callers that built a fresh array. */
  static CompositeKey wrap(Object[] parts) {
    return parts.length == 0 ? EMPTY : new CompositeKey(parts);
  }

  /**
   * Returns the number of parts.
   *
   * @return the size
   */
  public int size() {
    return parts.length;
  }

  /**
   * Returns one part.
   *
   * @param index the position, from 0
   * @return the value at that position
   * @throws IndexOutOfBoundsException if there is no such part
   */
  public Object part(int index) {
    return parts[index];
  }

  @Override
  public boolean equals(Object other) {
    return this == other || other instanceof CompositeKey key
        && hash == key.hash && Arrays.deepEquals(parts, key.parts);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.deepToString(parts);
  }

  /**
   * Keeps {@link #EMPTY} a singleton through serialization.
   *
   * @return the canonical key
   */
  private Object readResolve() {
    return parts.length == 0 ? EMPTY : this;
  }
}
