package dev.larder.jcache;

import dev.larder.engine.Keys;
import dev.larder.store.SharedStoreProvider;
import dev.larder.store.SharedStoreRequest;
import dev.larder.store.Store;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.cache.CacheException;

/**
 * Finds the module of shared mode ({@code larder-redis}) through {@link ServiceLoader}: first with
 * the provider's own class loader, then with the thread's context class loader.
 */
final class SharedStores {

  /** The Maven coordinates named when the module is missing. */
  static final String ARTIFACT = "dev.larder:larder-redis";

  private static volatile SharedStoreProvider found;

  private SharedStores() {}

  /**
   * Opens the store of a shared cache.
   *
   * @throws UnsupportedOperationException if the cache asks for store-by-reference
   * @throws CacheException naming {@value #ARTIFACT} if the module is not on the classpath
   */
  static <K, V> Store<K, V> open(SharedStoreRequest<K, V> request) {
    if (!request.configuration().isStoreByValue()) {
      throw new UnsupportedOperationException("Cache '" + request.cacheName() + "' is in mode shared, whose entries"
          + " are encoded copies in Redis, so it cannot store by reference; keep the default setStoreByValue(true)");
    }
    return provider(request.cacheName()).open(request);
  }

  private static SharedStoreProvider provider(String cacheName) {
    SharedStoreProvider provider = found;
    if (provider == null) {
      provider = load(SharedStoreProvider.class.getClassLoader());
      if (provider == null) {
        provider = load(Thread.currentThread().getContextClassLoader());
      }
      if (provider == null) {
        throw new CacheException("Cache '" + Keys.abbreviate(cacheName) + "' is in mode shared, which needs the"
            + " larder-redis module (Maven " + ARTIFACT + ") on the classpath: add that dependency, or choose mode"
            + " volatile or persistent");
      }
      found = provider;
    }
    return provider;
  }

  private static SharedStoreProvider load(ClassLoader loader) {
    if (loader == null) {
      return null;
    }
    try {
      Iterator<SharedStoreProvider> it = ServiceLoader.load(SharedStoreProvider.class, loader).iterator();
      return it.hasNext() ? it.next() : null;
    } catch (ServiceConfigurationError e) {
      throw new CacheException("The shared-mode module (" + ARTIFACT + ") could not be loaded: " + e.getMessage(), e);
    }
  }
}
