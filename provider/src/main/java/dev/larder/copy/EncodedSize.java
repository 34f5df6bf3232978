package dev.larder.copy;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Measures the encoded size of a key or value for size limits: UTF-8 bytes for character
 * sequences, the length of a {@code byte[]}, the UTF-8 bytes of {@code toString()} for numbers,
 * booleans, characters and enums, and the Java serialization size of anything else.
 */
public final class EncodedSize {

  private EncodedSize() {}

  /**
   * Returns the encoded size of an object.
   *
   * @param object the object, not {@code null}
   * @return its size in bytes
   * @throws IllegalArgumentException if the object has no encoding (it is not serializable)
   */
  public static long of(Object object) {
    if (object instanceof CharSequence text) {
      return utf8Length(text);
    }
    if (object instanceof byte[] bytes) {
      return bytes.length;
    }
    if (object instanceof Number || object instanceof Boolean || object instanceof Character || object instanceof Enum) {
      return utf8Length(object.toString());
    }
    if (!(object instanceof Serializable)) {
      throw new IllegalArgumentException(object.getClass().getName()
          + " is not Serializable, so its encoded size cannot be measured for the cache's size limit;"
          + " make it Serializable or remove the limit");
    }
    CountingStream counter = new CountingStream();
    try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not encode a " + object.getClass().getName()
          + " to measure it for the cache's size limit: " + e, e);
    }
    return counter.count;
  }

  private static long utf8Length(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** An output stream that only counts. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
