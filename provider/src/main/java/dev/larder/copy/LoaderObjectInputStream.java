package dev.larder.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An {@link ObjectInputStream} that resolves classes with a given class loader first (the cache
 * manager's), then with the default strategy. Classes are loaded without being initialised.
 */
public final class LoaderObjectInputStream extends ObjectInputStream {

  private final ClassLoader loader;

  /**
   * Creates the stream.
   *
   * @param in the serialized bytes
   * @param loader the class loader to try first
   * @throws IOException if the stream header cannot be read
   */
  public LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
    super(in);
    this.loader = loader;
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
    try {
      return Class.forName(desc.getName(), false, loader);
    } catch (ClassNotFoundException e) {
      return super.resolveClass(desc);
    }
  }
}
