package dev.larder.annotation;

import dev.larder.annotation.support.CacheSource;
import dev.larder.annotation.support.Memoizer;
import dev.larder.annotation.support.Revalidation;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.CacheManager;

/**
 * Revalidation and eviction of {@link Cached} results by calling the method as usual, so that the
 * caller never needs to know how keys are made.
 *
 * <pre>{@code
 * User fresh = CacheControl.refresh(() -> users.findUser("acme", 42));  // like Cache-Control: max-age=0
 * CacheControl.evict(() -> users.findUser("acme", 42));                 // drop that one entry
 * CacheControl.clear("users");                                           // drop the whole cache
 * }</pre>
 *
 * <p>{@link #refresh} and {@link #evict} apply to the first {@code @Cached} method called by the
 * given lambda in the current thread; calls made from inside that method are memoized as usual.
 */
public final class CacheControl {

  private CacheControl() {}

  /**
   * Runs {@code call}, forcing its first {@code @Cached} method to compute a fresh value that
   * replaces the cached one (other callers waiting for that key are not affected).
   *
   * @param call a lambda that calls one {@code @Cached} method
   * @param <T> result type
   * @return what {@code call} returned: the freshly computed value
   * @throws NullPointerException if {@code call} is {@code null}
   */
  public static <T> T refresh(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    return Revalidation.run(Revalidation.Mode.REFRESH, call);
  }

  /**
   * Runs {@code call} in eviction mode: its first {@code @Cached} method does not run; the entry its
   * arguments map to is removed instead, and the method returns {@code null} (zero or
   * {@code false} for primitives).
   *
   * @param call a lambda that calls one {@code @Cached} method
   * @throws NullPointerException if {@code call} is {@code null}
   */
  public static void evict(Runnable call) {
    Objects.requireNonNull(call, "call");
    Revalidation.run(Revalidation.Mode.EVICT, () -> {
      call.run();
      return null;
    });
  }

  /**
   * Removes every entry of a cache used by {@code @Cached} methods (on a non-Larder provider: of
   * each per-ttl cache of that name too). Does nothing if no such cache exists.
   *
   * @param cacheName the name given in {@code @Cached(cache = ...)} or the derived one
   */
  public static void clear(String cacheName) {
    CacheSource.shared().clear(cacheName);
  }

  /**
   * Sets the cache manager that {@code @Cached} and the JSR-107 annotations use from now on.
   * By default they use {@code Caching.getCachingProvider().getCacheManager()}.
   *
   * @param manager the cache manager, or {@code null} to go back to the default
   */
  public static void useCacheManager(CacheManager manager) {
    CacheSource.shared().use(manager);
    Memoizer.shared().unbindAll();
  }
}
