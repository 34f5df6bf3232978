package dev.larder.spring.boot;

/**
 * A {@code larder.*} Spring property that Larder cannot accept: an unknown name or setting, or a
 * malformed value. The message names the property, where it was set, and what is expected; the
 * application fails to start (see {@link LarderPropertyFailureAnalyzer}).
 */
public final class InvalidLarderPropertyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the property's name as written
   * @param message what is wrong and what to write instead
   */
  public InvalidLarderPropertyException(String property, String message) {
    this(property, message, null);
  }

  /**
   * Creates the exception.
   *
   * @param property the property's name as written
   * @param message what is wrong and what to write instead
   * @param cause the provider's error, or {@code null}
   */
  public InvalidLarderPropertyException(String property, String message, Throwable cause) {
    super(message, cause);
    this.property = property;
  }

  /**
   * Returns the property that is wrong.
   *
   * @return its name as written (for example {@code larder.caches.users.ttl})
   */
  public String property() {
    return property;
  }
}
