package dev.larder.annotation.support;

import java.util.Arrays;
import java.util.Objects;
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
  /** {@code Arrays.deepHashCode(parts)}, computed once (by {@link #hashOf}, which is the same function). */
  private final int hash;

  private CompositeKey(Object[] parts) {
    this.parts = parts;
    this.hash = hashOf(parts);
  }

  /**
   * {@code Arrays.deepHashCode(parts)}, with the common case first: a part that is not an array
   * costs one class check and its own {@code hashCode()}, not a test for each array type.
   */
  private static int hashOf(Object[] parts) {
    int result = 1;
    for (Object part : parts) {
      int hash;
      if (part == null) {
        hash = 0;
      } else if (!part.getClass().isArray()) {
        hash = part.hashCode();
      } else {
        hash = Arrays.deepHashCode(new Object[] {part}) - 31; // the array part's own deep hash
      }
      result = 31 * result + hash;
    }
    return result;
  }

  /** {@code Arrays.deepEquals}, with the same common case first. */
  private static boolean partsEqual(Object[] these, Object[] those) {
    if (these.length != those.length) {
      return false;
    }
    for (int i = 0; i < these.length; i++) {
      Object a = these[i];
      Object b = those[i];
      if (a == b) {
        continue;
      }
      if (a == null || b == null) {
        return false;
      }
      if (a.getClass().isArray() ? !Objects.deepEquals(a, b) : !a.equals(b)) {
        return false;
      }
    }
    return true;
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
        && hash == key.hash && partsEqual(parts, key.parts);
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
