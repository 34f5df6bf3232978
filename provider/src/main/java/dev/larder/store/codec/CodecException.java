package dev.larder.store.codec;

/** A key or value could not be encoded or decoded; the message says which type and why. */
public final class CodecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do about it
   * @param cause the underlying failure, or {@code null}
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
