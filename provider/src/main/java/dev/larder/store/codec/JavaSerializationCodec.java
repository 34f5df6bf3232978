package dev.larder.store.codec;

import dev.larder.copy.LoaderObjectInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * The opt-in codec: Java serialization, for {@code Serializable} types JSON cannot represent.
 * Decoding admits only classes the {@link TypeAllowlist} allows (and the classes they are made of
 * that the allowlist also admits, such as JDK collections and value types), through an
 * {@link ObjectInputFilter}; anything else is rejected before it is instantiated.
 *
 * <p>Keys are still looked up by their bytes: serialized forms of equal keys are equal only for
 * well-behaved types (no hash-ordered fields with varying order), so prefer simple key types.
 */
public final class JavaSerializationCodec implements Codec {

  private final TypeAllowlist allowlist;
  private final ClassLoader loader;

  /**
   * Creates a codec.
   *
   * @param allowlist the types it may decode
   * @param loader the class loader to resolve classes with
   */
  public JavaSerializationCodec(TypeAllowlist allowlist, ClassLoader loader) {
    this.allowlist = allowlist;
    this.loader = loader;
  }

  @Override
  public byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new CodecException("cannot serialize a " + value.getClass().getName() + " (" + e + ");"
          + " it and everything it holds must implement java.io.Serializable", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes) {
    try (ObjectInputStream in = filtered(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    } catch (CodecException e) {
      throw e;
    } catch (java.io.InvalidClassException e) {
      if (e.getCause() instanceof CodecException notAllowed) {
        throw notAllowed; // the filter refused a type: its message names the type and how to allow it
      }
      throw new CodecException("cannot deserialize a stored entry (" + e + "); the file may be corrupt,"
          + " or a type is not allowed (LarderConfiguration.allowTypes)", e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new CodecException("cannot deserialize a stored entry (" + e + "); the file may be corrupt,"
          + " or a type is not allowed (LarderConfiguration.allowTypes)", e);
    }
  }

  /** The cache loader's stream, admitting only what the allowlist allows. */
  private ObjectInputStream filtered(InputStream in) throws IOException {
    ObjectInputStream stream = new LoaderObjectInputStream(in, loader);
    stream.setObjectInputFilter(info -> {
      Class<?> c = info.serialClass();
      if (c == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.isPrimitive() || c.isEnum() || c == Object.class || c == Number.class || c == Enum.class
          || c == Record.class || TypeAllowlist.isJdkInternal(c.getName())) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      allowlist.load(c.getName());
      return ObjectInputFilter.Status.ALLOWED;
    });
    return stream;
  }
}
