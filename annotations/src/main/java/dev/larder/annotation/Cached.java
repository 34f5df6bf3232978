package dev.larder.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Memoizes a method: its result is kept in a JCache cache under a key made from its arguments, and
 * later calls with an equal key return the cached result without running the method.
 *
 * <pre>{@code
 * @Cached(cache = "users", ttl = "10m", key = "#tenant, #id")
 * User findUser(String tenant, long id) { ... }
 * }</pre>
 *
 * <p>The method is woven by AspectJ (compile time with {@code larder-annotations} as an aspect
 * library, or load time with {@code -javaagent:aspectjweaver.jar}); calls through {@code this} are
 * memoized too. Concurrent callers of a missing key share one computation: the method runs once,
 * every waiting caller gets its result, or its exception, which is never cached. A method returning
 * {@link java.util.concurrent.CompletableFuture} or {@link java.util.concurrent.CompletionStage}
 * shares the in-flight future and caches the completed value; a failed future caches nothing.
 *
 * <p>To force a fresh computation or evict an entry without knowing the key format, see
 * {@link CacheControl}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

  /**
   * The cache's name. Empty (the default) derives it from the method, in the JSR-107 form
   * {@code fully.qualified.Class.method(param.Types)}. A cache that does not exist is created on first
   * use; an existing cache whose configuration contradicts the annotation (key or value types, or a
   * different fixed time to live on a non-Larder provider) fails the first call with a clear error.
   *
   * @return the cache name, or empty for the derived one
   */
  String cache() default "";

  /**
   * How long a computed value lives: {@code "500ms"}, {@code "30s"}, {@code "10m"}, {@code "2h"},
   * {@code "7d"}, or ISO-8601 such as {@code "PT10M"}; empty (the default) leaves it to the cache's
   * own expiry policy. On a Larder cache the time to live is per entry, so methods with different
   * {@code ttl}s can share one cache; on another provider Larder uses one cache per (name, ttl).
   * A malformed value fails with a message naming the method and the value.
   *
   * @return the time to live, or empty for the cache's policy
   */
  String ttl() default "";

  /**
   * The key expression: a comma-separated list of {@code #name}, {@code #name.prop.prop} (getters,
   * {@code isX()} and record accessors), {@code #p0}/{@code #a0} (argument by position). One item
   * gives that value as the key; several give a composite key. Empty (the default): no arguments
   * give one fixed key, one argument is the key itself, several give a composite key of all of them.
   * Parsed once per method.
   *
   * @return the key expression, or empty for the default key
   */
  String key() default "";

  /**
   * Whether a {@code null} result is cached (as a marker; the caller still sees {@code null}).
   *
   * @return {@code true} (the default) to cache {@code null}, {@code false} to recompute it every time
   */
  boolean cacheNull() default true;
}
