package dev.larder.http;

/**
 * A {@code larder-http} setting is missing or wrong. Thrown at start-up, when the configuration is
 * built; the message names the endpoint, the setting (as its property name) and what to write instead.
 */
public class HttpCacheConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public HttpCacheConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying error
   */
  public HttpCacheConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
