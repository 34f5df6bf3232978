package dev.larder.annotation.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The invoker core of the JSR-107 annotations ({@code @CacheResult}, {@code @CachePut},
 * {@code @CacheRemove}, {@code @CacheRemoveAll}) as the specification describes them, free of any
 * weaving framework.
 */
public final class JsrInvoker {

  private static final JsrInvoker SHARED = new JsrInvoker();

  private final ConcurrentMap<Method, JsrMethod> methods = new ConcurrentHashMap<>();

  /** Creates an invoker with its own per-method metadata; woven code uses {@link #shared()}. */
  public JsrInvoker() {}

  /**
   * The invoker that woven code uses.
   *
   * @return the shared invoker
   */
  public static JsrInvoker shared() {
    return SHARED;
  }

  /**
   * Returns the metadata of a method, building it once.
   *
   * @param method a method with a JSR-107 cache annotation
   * @return the metadata
   * @throws IllegalArgumentException if the method has none, or misuses one
   */
  public JsrMethod describe(Method method) {
    JsrMethod known = methods.get(method);
    if (known != null) {
      return known;
    }
    JsrMethod built = JsrMethod.of(method);
    if (built == null) {
      throw new IllegalArgumentException(Describe.method(method) + " has no JSR-107 cache annotation");
    }
    JsrMethod raced = methods.putIfAbsent(method, built);
    return raced != null ? raced : built;
  }

  /**
   * Serves one call.
   *
   * @param method the method's metadata
   * @param target the object called ({@code null} for a static method)
   * @param args the arguments
   * @param invocation runs the method
   * @return the method's (or the cache's) result
   * @throws Throwable whatever the method threw, or a cached exception
   */
  public Object invoke(JsrMethod method, Object target, Object[] args, Invocation invocation) throws Throwable {
    JsrContext<Annotation> context = method.context(target, args);
    Cache<Object, Object> cache = method.resolver.resolveCache(context);
    return switch (method.kind) {
      case RESULT -> result(method, context, cache, invocation);
      case PUT -> put(method, context, cache, invocation);
      case REMOVE -> remove(method, context, cache, invocation);
      case REMOVE_ALL -> removeAll(context, cache, invocation);
    };
  }

  private static Object result(JsrMethod method, JsrContext<Annotation> context, Cache<Object, Object> cache,
      Invocation invocation) throws Throwable {
    CacheResult annotation = (CacheResult) context.getCacheAnnotation();
    GeneratedCacheKey key = method.keyGenerator.generateCacheKey(context);
    Cache<Object, Object> exceptions = method.exceptionResolver == null
        ? null : method.exceptionResolver.resolveCache(context);
    if (!annotation.skipGet()) {
      Object cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      if (exceptions != null && exceptions.get(key) instanceof Throwable thrown) {
        throw thrown;
      }
    }
    Object value;
    try {
      value = invocation.proceed();
    } catch (Throwable t) {
      if (exceptions != null && matches(t, annotation.cachedExceptions(), annotation.nonCachedExceptions(), true)) {
        exceptions.put(key, t);
      }
      throw t;
    }
    if (value != null) {
      cache.put(key, value);
    }
    return value;
  }

  private static Object put(JsrMethod method, JsrContext<Annotation> context, Cache<Object, Object> cache,
      Invocation invocation) throws Throwable {
    CachePut annotation = (CachePut) context.getCacheAnnotation();
    GeneratedCacheKey key = method.keyGenerator.generateCacheKey(context);
    Object value = context.getValueParameter().getValue();
    return around(invocation, annotation.afterInvocation(), annotation.cacheFor(), annotation.noCacheFor(),
        () -> store(cache, key, value));
  }

  /** The spec stores the @CacheValue; a null value cannot be cached, so the stale entry is removed. */
  private static void store(Cache<Object, Object> cache, Object key, Object value) {
    if (value == null) {
      cache.remove(key);
    } else {
      cache.put(key, value);
    }
  }

  private static Object remove(JsrMethod method, JsrContext<Annotation> context, Cache<Object, Object> cache,
      Invocation invocation) throws Throwable {
    CacheRemove annotation = (CacheRemove) context.getCacheAnnotation();
    GeneratedCacheKey key = method.keyGenerator.generateCacheKey(context);
    return around(invocation, annotation.afterInvocation(), annotation.evictFor(), annotation.noEvictFor(),
        () -> cache.remove(key));
  }

  private static Object removeAll(JsrContext<Annotation> context, Cache<Object, Object> cache,
      Invocation invocation) throws Throwable {
    CacheRemoveAll annotation = (CacheRemoveAll) context.getCacheAnnotation();
    return around(invocation, annotation.afterInvocation(), annotation.evictFor(), annotation.noEvictFor(),
        cache::removeAll);
  }

  /**
   * The timing rule of {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll}: the
   * cache action runs before the method, or after it returns, or after it throws an exception that
   * the annotation's filter ({@code include}/{@code exclude}) selects.
   */
  private static Object around(Invocation invocation, boolean afterInvocation,
      Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude, Runnable action) throws Throwable {
    if (!afterInvocation) {
      action.run();
      return invocation.proceed();
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable t) {
      if (matches(t, include, exclude, false)) {
        action.run();
      }
      throw t;
    }
    action.run();
    return result;
  }

  /**
   * The spec's exception filter: included if it is an instance of a listed class (or, with no list
   * at all, if {@code whenBothEmpty}), and not an instance of an excluded one.
   */
  static boolean matches(Throwable t, Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude,
      boolean whenBothEmpty) {
    if (include.length == 0 && exclude.length == 0) {
      return whenBothEmpty;
    }
    boolean included = include.length == 0 || isAny(t, include);
    return included && !isAny(t, exclude);
  }

  private static boolean isAny(Throwable t, Class<? extends Throwable>[] types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
