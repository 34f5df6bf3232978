package dev.larder.spring.boot;

import dev.larder.LarderCache;
import dev.larder.LarderCacheMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Whether Larder's caches can do their work, independent of any Spring Boot version's health API
 * (the indicators of Boot 4 and Boot 3.5 both report this).
 *
 * <p>The report is DOWN when any cache has a problem: one that could not be opened (its store file is
 * locked by another process, its folder cannot be created), or whose store reports one now (see
 * {@link LarderCacheMetrics.StoreMetrics#problem()}: folder missing or not writable, file deleted,
 * lock lost, last commit failed). The check asks each cache's store, so every kind of store (the
 * SQLite store today; a shared store later, for which "the server is unreachable" is such a
 * problem) reports through the same path. Volatile caches are always fine.
 */
public final class LarderHealth {

  private final CacheManager larder;
  private final LarderSpringCacheManager spring;

  /**
   * Creates the check.
   *
   * @param larder the Larder manager whose caches are checked
   * @param spring the Spring manager whose failed cache creations count, or {@code null}
   */
  public LarderHealth(CacheManager larder, LarderSpringCacheManager spring) {
    this.larder = larder;
    this.spring = spring;
  }

  /**
   * The outcome of one check.
   *
   * @param up whether every cache can work
   * @param details per cache: its mode and store, or its problem; plus {@code problems}, the count
   */
  public record Report(boolean up, Map<String, Object> details) {}

  /**
   * Checks every cache now (persistent stores touch their folder: see
   * {@link LarderCacheMetrics.StoreMetrics#problem()}).
   *
   * @return the report
   */
  public Report check() {
    Map<String, Object> caches = new LinkedHashMap<>();
    int problems = 0;
    if (larder.isClosed()) {
      return new Report(false, Map.of("problem", "the Larder cache manager " + larder.getURI() + " is closed"));
    }
    for (String name : larder.getCacheNames()) {
      Cache<Object, Object> cache = larder.getCache(name);
      if (cache == null) {
        continue;
      }
      LarderCacheMetrics metrics = LarderCache.of(cache).metrics();
      Optional<LarderCacheMetrics.StoreMetrics> store = metrics.store();
      if (store.isEmpty()) {
        caches.put(name, "volatile");
        continue;
      }
      Optional<String> problem = store.get().problem();
      if (problem.isPresent()) {
        problems++;
        caches.put(name, "DOWN: " + problem.get());
      } else {
        caches.put(name, "persistent: " + store.get().location());
      }
    }
    if (spring != null) {
      for (Map.Entry<String, String> failure : spring.failures().entrySet()) {
        problems++;
        caches.put(failure.getKey(), "DOWN: could not be opened: " + failure.getValue());
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("manager", larder.getURI().toString());
    details.put("problems", problems);
    details.put("caches", caches);
    return new Report(problems == 0, details);
  }
}
