package dev.larder.store.codec;

/**
 * Turns keys and values into bytes for a persistent store, and back. Equal keys must encode to
 * equal bytes: the store finds a key by its bytes.
 *
 * <p>Implementations are thread-safe.
 */
public interface Codec {

  /**
   * Encodes an object.
   *
   * @param value the key or value, not {@code null}
   * @return its bytes
   * @throws CodecException if the object cannot be encoded; the message says why and what to do
   */
  byte[] encode(Object value);

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @param bytes the stored bytes
   * @return the object
   * @throws CodecException if the bytes are malformed or name a type that is not allowed
   */
  Object decode(byte[] bytes);
}
