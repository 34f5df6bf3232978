package dev.larder.spi;

import dev.larder.jcache.CacheThreads;
import dev.larder.jcache.LarderCacheManager;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * Larder's entry point for {@link javax.cache.Caching}: found through the {@code ServiceLoader}
 * registration in {@code META-INF/services/javax.cache.spi.CachingProvider}.
 *
 * <p>Cache managers are scoped by (URI, class loader): asking twice for the same pair returns the
 * same open manager; a closed manager is replaced by a new one on the next request. A {@code null}
 * URI, class loader or properties argument means the provider's default.
 *
 * <p>The provider owns the threads its caches use (see {@link CacheThreads}): they run while any of
 * its caches is open, and {@link #close()} — which closes every manager and so every cache — stops
 * them and waits for them to end.
 */
public final class LarderCachingProvider implements CachingProvider {

  /** The URI of the default cache manager. */
  public static final URI DEFAULT_URI = URI.create("urn:larder:default");

  private final Map<ClassLoader, Map<URI, LarderCacheManager>> managers = new WeakHashMap<>();
  /** The threads this provider's caches share; they run while any cache is open. */
  private final CacheThreads threads = new CacheThreads();

  /** Creates the provider; normally done once by {@link javax.cache.Caching}. */
  public LarderCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? getDefaultProperties() : properties;
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      LarderCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new LarderCacheManager(this, threads, this::forget, managerUri, loader, props);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  private void forget(LarderCacheManager manager) {
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    for (LarderCacheManager manager : snapshot(null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    for (LarderCacheManager manager : snapshot(loader)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    LarderCacheManager manager;
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  private java.util.List<LarderCacheManager> snapshot(ClassLoader loader) {
    synchronized (managers) {
      java.util.List<LarderCacheManager> all = new java.util.ArrayList<>();
      managers.forEach((l, byUri) -> {
        if (loader == null || l == loader) {
          all.addAll(byUri.values());
        }
      });
      return all;
    }
  }

  /**
   * Tells which optional JSR-107 features caches of this provider support: store-by-reference,
   * unless the JVM's default mode is shared (system property {@code larder.mode=shared}), whose
   * entries are always encoded copies in Redis; a shared cache asked to store by reference fails
   * with an {@link UnsupportedOperationException}. Transactions are never supported.
   *
   * @param optionalFeature the feature
   * @return whether it is supported
   */
  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE
        && !"shared".equalsIgnoreCase(System.getProperty("larder.mode", "").trim());
  }

  @Override
  public String toString() {
    return "LarderCachingProvider[" + DEFAULT_URI + "]";
  }
}
