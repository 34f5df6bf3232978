package dev.larder.jcache;

import dev.larder.Encoding;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.Holder;
import dev.larder.store.HeapStore;
import dev.larder.store.Store;
import dev.larder.store.codec.Codec;
import dev.larder.store.codec.JavaSerializationCodec;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import dev.larder.store.persistent.PersistentStore;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Opens the store a cache's (resolved) configuration asks for. */
final class Stores {

  private Stores() {}

  /**
   * Opens the store of a cache: in memory, or the file {@code <directory>/<manager>/<cache>.db},
   * where {@code <manager>} is {@code default} for the provider's default manager and the
   * manager's URI made a file name otherwise, since caches of different managers are different.
   * A manager whose class loader is not the provider's default adds a folder named after the
   * loader ({@link ClassLoader#getName()}, else its identity, which does not survive a restart).
   * {@code eternal}: the cache's entries never expire, so a heap store may keep bare values.
   */
  static <K, V> Store<K, V> open(LarderCacheManager manager, String cacheName, LarderConfiguration<K, V> config,
      boolean eternal, BiConsumer<K, Holder<V>> evicted) {
    if (config.getMode() != Mode.PERSISTENT) {
      // an eternal cache keeps bare values: no holder, one dependent load less per get
      return new HeapStore<>(config.getMaximumSize(), evicted, eternal);
    }
    ClassLoader loader = manager.getClassLoader();
    TypeAllowlist allowlist = new TypeAllowlist(config.getKeyType(), config.getValueType(),
        config.getAllowedTypes(), loader);
    Codec codec = config.getEncoding() == Encoding.JAVA_SERIALIZATION
        ? new JavaSerializationCodec(allowlist, loader) : new JsonCodec(allowlist);
    URI uri = manager.getURI();
    String folder = uri.equals(manager.getCachingProvider().getDefaultURI()) ? "default" : safeName(uri.toString());
    Path managerDir = Path.of(config.getDirectory()).resolve(folder);
    if (loader != manager.getCachingProvider().getDefaultClassLoader()) {
      // managers are scoped by (URI, class loader): another loader's caches are other caches
      managerDir = managerDir.resolve(loader.getName() != null ? safeName(loader.getName())
          : "loader-" + Integer.toHexString(System.identityHashCode(loader)));
    }
    Path file = managerDir.resolve(fileName(cacheName));
    return new PersistentStore<>(cacheName, file, config.getDurability(), config.getWriteBehindWindow(), codec,
        config.getMaximumSize(), eternal);
  }

  /**
   * Returns the store file name of a cache: the name itself when it is plain ({@code [A-Za-z0-9._-]},
   * at most 100 characters), else a readable part plus a hash of the full name, so that distinct
   * names never share a file.
   */
  static String fileName(String cacheName) {
    return safeName(cacheName) + ".db";
  }

  /** Returns a name as a file name: itself if plain, else a readable part and a hash of it. */
  static String safeName(String cacheName) {
    if (cacheName.matches("[A-Za-z0-9._-]{1,100}") && !cacheName.startsWith(".")) {
      return cacheName;
    }
    String readable = cacheName.replaceAll("[^A-Za-z0-9._-]", "_");
    if (readable.length() > 60) {
      readable = readable.substring(0, 60);
    }
    String hash = UUID.nameUUIDFromBytes(cacheName.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    return readable + "-" + hash.substring(0, 16);
  }
}
