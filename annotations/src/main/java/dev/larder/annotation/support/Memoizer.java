package dev.larder.annotation.support;

import dev.larder.annotation.Cached;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The invoker core of {@code @Cached}, free of any weaving framework: an aspect (or a test) hands it
 * the method, the arguments and a way to run the method; it serves the call from the cache.
 */
public final class Memoizer {

  private static final Memoizer SHARED = new Memoizer(CacheSource.shared());

  private final CacheSource source;
  private final ConcurrentMap<Method, CachedMethod> methods = new ConcurrentHashMap<>();
  /** The same metadata by static join point: identity hash and equality, no reflection. */
  private final JoinPointTable byJoinPoint = new JoinPointTable();

  /**
   * Creates a memoizer over a cache source (tests and embedding); woven code uses {@link #shared()}.
   *
   * @param source where caches come from
   */
  public Memoizer(CacheSource source) {
    this.source = source;
  }

  /**
   * The memoizer that woven code uses.
   *
   * @return the shared memoizer
   */
  public static Memoizer shared() {
    return SHARED;
  }

  /**
   * Returns the metadata of a method, building it on first use.
   *
   * @param method a method annotated with {@link Cached}
   * @param parameterNames names from the weaver, for classes compiled without {@code -parameters}; may be {@code null}
   * @return the metadata
   * @throws IllegalArgumentException if the method is not annotated or the annotation is invalid
   */
  public CachedMethod describe(Method method, String[] parameterNames) {
    CachedMethod known = methods.get(method);
    if (known != null) {
      return known;
    }
    Cached cached = method.getAnnotation(Cached.class);
    if (cached == null) {
      throw new IllegalArgumentException(Describe.method(method) + " is not annotated with @Cached");
    }
    return methods.computeIfAbsent(method, m -> CachedMethod.of(m, cached, parameterNames));
  }

  /**
   * Returns the metadata already built for a join point (or any identity-stable handle of a woven
   * method), without touching reflection: the hot path of the aspect.
   *
   * @param joinPoint the handle the metadata was described under
   * @return the metadata, or {@code null} if {@link #describe(Object, Method, String[])} was not called yet
   */
  public CachedMethod known(Object joinPoint) {
    return byJoinPoint.get(joinPoint);
  }

  /**
   * Like {@link #describe(Method, String[])}, and remembers the result under an identity-stable
   * handle of the woven method (AspectJ's static join point) for {@link #known}.
   *
   * @param joinPoint the handle
   * @param method the annotated method
   * @param parameterNames names from the weaver; may be {@code null}
   * @return the metadata
   * @throws IllegalArgumentException if the method is not annotated or the annotation is invalid
   */
  public CachedMethod describe(Object joinPoint, Method method, String[] parameterNames) {
    CachedMethod described = describe(method, parameterNames);
    byJoinPoint.putIfAbsent(joinPoint, described);
    return described;
  }

  /**
   * Serves one call of a {@code @Cached} method.
   *
   * @param method the method's metadata
   * @param args the call's arguments
   * @param invocation runs the method
   * @return the cached or computed result; for a future-returning method, a future of it
   * @throws Throwable whatever the method threw, unchanged
   */
  public Object invoke(CachedMethod method, Object[] args, Invocation invocation) throws Throwable {
    Revalidation.Mode mode = Revalidation.take();
    Object key = method.key().evaluate(args);
    Binding binding = method.binding(source);
    switch (mode) {
      case EVICT:
        binding.evict(key);
        return null;
      case REFRESH:
        return refresh(method, binding, key, invocation);
      default:
        return method.kind() == CachedMethod.Kind.FUTURE
            ? binding.getOrComputeAsync(key, invocation)
            : binding.getOrCompute(key, invocation);
    }
  }

  /**
   * {@link #invoke}, for woven advice that cannot declare {@code throws Throwable}: whatever the
   * method threw is rethrown unchanged, checked exceptions included, without being declared.
   *
   * @param method the method's metadata
   * @param args the call's arguments
   * @param invocation runs the method
   * @return the cached or computed result; for a future-returning method, a future of it
   */
  public Object invokeUnchecked(CachedMethod method, Object[] args, Invocation invocation) {
    try {
      return invoke(method, args, invocation);
    } catch (Throwable t) {
      throw Failures.sneaky(t);
    }
  }

  private static Object refresh(CachedMethod method, Binding binding, Object key, Invocation invocation)
      throws Throwable {
    if (method.kind() == CachedMethod.Kind.VALUE) {
      return binding.refresh(key, invocation);
    }
    Object result = invocation.proceed();
    CompletionStage<?> stage = Futures.stage(result, method);
    CompletableFuture<Object> fresh = new CompletableFuture<>();
    stage.whenComplete((value, failure) -> {
      if (failure != null) {
        fresh.completeExceptionally(Failures.unwrap(failure));
      } else {
        binding.put(key, value);
        fresh.complete(value);
      }
    });
    return fresh;
  }

  /** The metadata by join point (for {@link HitPath}). */
  JoinPointTable joinPoints() {
    return byJoinPoint;
  }

  /** The cache binding of a method, bound on first use (for {@link HitPath}). */
  Binding binding(CachedMethod method) {
    return method.binding(source);
  }

  /** Forgets every method's cache binding (after {@code CacheControl.useCacheManager}). */
  public void unbindAll() {
    methods.values().forEach(CachedMethod::unbind);
  }
}
