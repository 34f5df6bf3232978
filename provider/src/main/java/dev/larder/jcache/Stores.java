package dev.larder.jcache;

import dev.larder.Encoding;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.config.ConfigFile;
import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.store.HeapStore;
import dev.larder.store.SharedStoreRequest;
import dev.larder.store.Store;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.Codec;
import dev.larder.store.codec.JavaSerializationCodec;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import dev.larder.store.persistent.PersistentStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import javax.cache.CacheException;

/** Opens the store a cache's (resolved) configuration asks for. */
final class Stores {

  private static final Logger LOG = Logger.getLogger(Stores.class.getName());
  /** The file in a manager's store folder that records which manager URI last used it. */
  static final String MANIFEST = "larder-manager.txt";

  private Stores() {}

  /**
   * Opens the store of a cache: in memory, or the file {@code <directory>/<manager>/<cache>.db}
   * (see {@link #managerFolder}). A manager whose class loader is not the provider's default adds
   * a folder named after the loader ({@link ClassLoader#getName()}, else its identity, which does
   * not survive a restart). {@code eternal}: the cache's entries never expire, so memory may keep
   * bare values.
   */
  static <K, V> Store<K, V> open(LarderCacheManager manager, String cacheName, LarderConfiguration<K, V> config,
      boolean eternal, Liveness liveness, BiConsumer<K, Holder<V>> evicted, StoreExpiry<K, V> expiry) {
    if (config.getMode() == Mode.SHARED) {
      return SharedStores.open(new SharedStoreRequest<>(cacheName, managerName(manager), config,
          codec(manager, config), liveness, eternal, evicted, expiry));
    }
    if (config.getMode() != Mode.PERSISTENT) {
      return new HeapStore<>(liveness, config.getMaximumSize(), evicted, eternal);
    }
    Codec codec = codec(manager, config);
    Path managerDir = managerFolder(manager, Path.of(config.getDirectory()));
    String loaderPart = loaderPart(manager);
    if (loaderPart != null) {
      // managers are scoped by (URI, class loader): another loader's caches are other caches
      managerDir = managerDir.resolve(loaderPart);
    }
    return new PersistentStore<>(cacheName, managerDir.resolve(fileName(cacheName)), config.getDurability(),
        config.getWriteBehindWindow(), codec, liveness, config.getMaximumSize(), eternal, evicted, expiry);
  }

  /** The codec of a cache's configuration: JSON or Java serialization, with the cache's type allowlist. */
  private static Codec codec(LarderCacheManager manager, LarderConfiguration<?, ?> config) {
    ClassLoader loader = manager.getClassLoader();
    TypeAllowlist allowlist = new TypeAllowlist(config.getKeyType(), config.getValueType(),
        config.getAllowedTypes(), loader);
    return config.getEncoding() == Encoding.JAVA_SERIALIZATION
        ? new JavaSerializationCodec(allowlist, loader) : new JsonCodec(allowlist);
  }

  /**
   * The name part of a manager whose class loader is not the provider's default: the loader's name
   * ({@link ClassLoader#getName()}), else its identity; {@code null} for the default loader.
   */
  private static String loaderPart(LarderCacheManager manager) {
    ClassLoader loader = manager.getClassLoader();
    if (loader == manager.getCachingProvider().getDefaultClassLoader()) {
      return null;
    }
    return loader.getName() != null ? safeName(loader.getName())
        : "loader-" + Integer.toHexString(System.identityHashCode(loader));
  }

  /**
   * Returns a manager's part of a shared cache's identity: for a manager configured by a file,
   * {@code file:} and the file's name (not its path, as for store folders, so that instances whose
   * files lie elsewhere agree); else the URI (the provider's default manager's included); then
   * {@code /} and the {@linkplain #loaderPart loader part} if there is one. Distinct managers get
   * distinct names.
   */
  static String managerName(LarderCacheManager manager) {
    URI uri = manager.getURI();
    String name = ConfigFile.namesAFile(uri) ? "file:" + configFileName(uri) : uri.toString();
    String loaderPart = loaderPart(manager);
    return loaderPart == null ? name : name + "/" + loaderPart;
  }

  /** The file name of a configuration file URI, or the whole URI if it has none. */
  private static String configFileName(URI uri) {
    String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
    String fileName = path == null ? uri.toString() : path.substring(path.lastIndexOf('/') + 1);
    return fileName.isEmpty() ? uri.toString() : fileName;
  }

  /**
   * Returns the folder of a manager's stores below a directory: {@code default} for the provider's
   * default manager; for a manager configured by a file (its URI names one), the file's name — not
   * its path, so that moving or redeploying the file keeps the data; otherwise the manager's URI
   * made a file name. A folder of the naming of earlier versions is renamed. The folder records the
   * URI that last used it, and a different one is reported (the configuration moved, or two files
   * of the same name share the directory).
   */
  static Path managerFolder(LarderCacheManager manager, Path directory) {
    URI uri = manager.getURI();
    if (uri.equals(manager.getCachingProvider().getDefaultURI())) {
      return directory.resolve("default");
    }
    Path legacy = directory.resolve(safeName(uri.toString()));
    if (!ConfigFile.namesAFile(uri)) {
      return legacy;
    }
    Path folder = directory.resolve(safeName(configFileName(uri)));
    try {
      if (!Files.exists(folder) && Files.isDirectory(legacy)) {
        Files.move(legacy, folder);
        LOG.info("renamed the store folder " + legacy + " to " + folder + " (named after the configuration file"
            + " now, not its path)");
      }
      recordUser(folder, uri);
    } catch (IOException e) {
      throw new CacheException("Cannot prepare the store folder " + folder + " of cache manager " + uri + ": " + e, e);
    }
    return folder;
  }

  private static void recordUser(Path folder, URI uri) throws IOException {
    Path manifest = folder.resolve(MANIFEST);
    String now = uri.toString();
    if (Files.isRegularFile(manifest)) {
      String before = Files.readString(manifest, StandardCharsets.UTF_8).trim();
      if (before.equals(now)) {
        return;
      }
      LOG.warning("The store folder " + folder + " was last used by cache manager " + before + "; cache manager "
          + now + " uses it now, with the data it holds (the configuration file moved, or two configuration files"
          + " of the same name share the directory: give them different directories to keep them apart)");
    } else {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (posix) {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(manifest, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createDirectories(folder);
      }
    }
    Files.writeString(manifest, now + "\n", StandardCharsets.UTF_8);
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
