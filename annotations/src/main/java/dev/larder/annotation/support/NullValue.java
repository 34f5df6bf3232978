package dev.larder.annotation.support;

/**
 * The marker stored in place of a {@code null} result (JCache caches cannot hold {@code null}).
 * An enum, so it stays a singleton through store-by-value serialization.
 */
public enum NullValue {
  /** The one marker. */
  INSTANCE;

  /**
   * Wraps a result for storage.
   *
   * @param value a result, possibly {@code null}
   * @return {@code value}, or the marker if it is {@code null}
   */
  public static Object wrap(Object value) {
    return value == null ? INSTANCE : value;
  }

  /**
   * Unwraps a stored value.
   *
   * @param stored a stored value, possibly the marker
   * @return the value, or {@code null} for the marker
   */
  public static Object unwrap(Object stored) {
    return stored == INSTANCE ? null : stored;
  }
}
