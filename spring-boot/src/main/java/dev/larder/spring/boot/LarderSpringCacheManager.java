package dev.larder.spring.boot;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * Spring's {@link org.springframework.cache.CacheManager} over a Larder {@code javax.cache}
 * manager.
 *
 * <p>Caches: those of the Larder manager (the ones {@code larder.caches.<name>.*} declares exist
 * from the start), plus {@code spring.cache.cache-names}, created at start-up. Without
 * {@code spring.cache.cache-names} the manager is <em>dynamic</em>: a cache asked for by name is
 * created on first use, with the {@code larder.default.*} and matching {@code larder.templates}
 * settings (as Spring's Caffeine manager does); with it, the set is fixed and an unknown name
 * finds no cache. {@link #getCacheNames()} is always the Larder manager's current list.
 *
 * <p>A cache that cannot be created (its store file is locked by another process, its folder is not
 * writable) fails the call that needed it with the provider's message, and is remembered in
 * {@link #failures()} for the health indicator until it opens.
 */
public final class LarderSpringCacheManager extends AbstractCacheManager {

  private final CacheManager larder;
  private final List<String> startupNames;
  private final boolean dynamic;
  private final boolean allowNullValues;
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final List<Consumer<LarderSpringCache>> listeners = new CopyOnWriteArrayList<>();
  private final Set<LarderSpringCache> known = ConcurrentHashMap.newKeySet();

  /**
   * Creates the manager.
   *
   * @param larder the Larder {@code javax.cache} manager (owned by the caller)
   * @param cacheNames {@code spring.cache.cache-names}: created at start-up, and the manager is then
   *     not dynamic; empty for a dynamic manager
   * @param allowNullValues whether {@code null} results are cached
   */
  public LarderSpringCacheManager(CacheManager larder, List<String> cacheNames, boolean allowNullValues) {
    this.larder = larder;
    this.startupNames = List.copyOf(cacheNames);
    this.dynamic = cacheNames.isEmpty();
    this.allowNullValues = allowNullValues;
  }

  /**
   * Returns the Larder manager behind this one.
   *
   * @return the {@code javax.cache.CacheManager}
   */
  public CacheManager getLarderCacheManager() {
    return larder;
  }

  @Override
  protected Collection<? extends Cache> loadCaches() {
    for (String name : startupNames) {
      if (larder.getCache(name) == null) {
        create(name);
      }
    }
    List<Cache> caches = new ArrayList<>();
    for (String name : larder.getCacheNames()) {
      caches.add(wrap(name));
    }
    return caches;
  }

  /** The Larder manager's caches, including those created directly on it. */
  @Override
  public Collection<String> getCacheNames() {
    Set<String> names = new LinkedHashSet<>();
    larder.getCacheNames().forEach(names::add);
    return names;
  }

  @Override
  protected Cache getMissingCache(String name) {
    if (larder.getCache(name) != null) {
      return wrap(name);
    }
    if (!dynamic) {
      return null;
    }
    try {
      create(name);
    } catch (CacheException e) {
      if (larder.getCache(name) == null) {   // not a concurrent creation: a real failure
        failures.put(name, String.valueOf(e.getMessage()));
        throw e;
      }
    }
    return wrap(name);
  }

  private void create(String name) {
    larder.createCache(name, new LarderConfiguration<Object, Object>());
    failures.remove(name);
  }

  private LarderSpringCache wrap(String name) {
    LarderSpringCache cache = new LarderSpringCache(LarderCache.of(larder.<Object, Object>getCache(name)),
        allowNullValues);
    known.add(cache);
    listeners.forEach(l -> l.accept(cache));
    return cache;
  }

  /**
   * Calls a listener for every cache this manager has handed out and for every one it hands out
   * later (each a cache opened, or reopened after it was destroyed); the metrics registrar binds
   * meters this way.
   *
   * @param listener told of each cache
   */
  public void onCache(Consumer<LarderSpringCache> listener) {
    listeners.add(listener);
    known.forEach(listener);
  }

  /**
   * Returns the caches that could not be created, with the provider's reason, until they open.
   *
   * @return cache name to message
   */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }
}
