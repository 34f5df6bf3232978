package dev.larder.annotation.support;

import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * The JSR-107 default {@link CacheResolverFactory}: resolves a method's cache by name in the cache
 * manager of {@link CacheSource#shared()} (see {@code CacheControl.useCacheManager}), creating it
 * with a default {@link MutableConfiguration} when it does not exist.
 */
public final class DefaultCacheResolverFactory implements CacheResolverFactory {

  /** Creates the factory; annotations may name this class or leave the default. */
  public DefaultCacheResolverFactory() {}

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new Named(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name.isEmpty()) {
      throw new IllegalStateException("No exceptionCacheName on " + Describe.method(details.getMethod())
          + "; an exception cache resolver is only asked for when one is named");
    }
    return new Named(name);
  }

  /** Resolves one cache by name, creating it if missing. */
  private static final class Named implements CacheResolver {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
      CacheManager manager = CacheSource.shared().manager();
      Cache<K, V> cache = manager.getCache(name);
      if (cache == null) {
        try {
          cache = manager.createCache(name, new MutableConfiguration<K, V>());
        } catch (javax.cache.CacheException raced) {
          cache = manager.getCache(name);
          if (cache == null) {
            throw raced;
          }
        }
      }
      return cache;
    }
  }
}
