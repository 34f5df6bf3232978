package dev.larder.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Objects;

/**
 * Copies values through Java serialization, resolving classes with the cache manager's class
 * loader. Immutable values (see {@link ImmutableTypes}) are returned as they are.
 */
public final class SerializingCopier implements Copier {

  private final String cacheName;
  private final ClassLoader classLoader;

  /**
   * Creates a copier for one cache.
   *
   * @param cacheName the cache's name, used in error messages
   * @param classLoader the loader that resolves the classes of copied objects
   */
  public SerializingCopier(String cacheName, ClassLoader classLoader) {
    this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  @Override
  public <T> T copy(T object) {
    Class<?> type = object.getClass();
    if (ImmutableTypes.isImmutable(type)) {
      return object;
    }
    if (!(object instanceof Serializable)) {
      throw notCopyable(type, null);
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(object);
      }
      try (ObjectInputStream in = new LoaderObjectInputStream(
          new ByteArrayInputStream(bytes.toByteArray()), classLoader)) {
        @SuppressWarnings("unchecked")
        T copy = (T) in.readObject();
        return copy;
      }
    } catch (NotSerializableException e) {
      throw notCopyable(type, e);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("Cache '" + cacheName + "' stores by value and could not copy a "
          + type.getName() + " through serialization (" + e + "); make the class and its fields "
          + "serializable, or configure the cache with setStoreByValue(false)", e);
    }
  }

  private IllegalArgumentException notCopyable(Class<?> type, Exception cause) {
    return new IllegalArgumentException("Cache '" + cacheName + "' stores by value, but "
        + type.getName() + " is not Serializable" + (cause == null ? "" : " (" + cause.getMessage() + ")")
        + "; make it Serializable, or configure the cache with setStoreByValue(false)", cause);
  }
}
