package dev.larder.annotation.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * What a method with a JSR-107 cache annotation needs at each call, built once per method: the
 * resolved cache name (annotation, else {@link CacheDefaults}, else the spec's default
 * {@code fully.qualified.Class.method(param.Types)}), cache resolvers, key generator, key and value
 * parameter positions.
 */
public final class JsrMethod {

  /** Which cache annotation the method has. */
  public enum Kind {
    /** {@code @CacheResult}. */
    RESULT,
    /** {@code @CachePut}. */
    PUT,
    /** {@code @CacheRemove}. */
    REMOVE,
    /** {@code @CacheRemoveAll}. */
    REMOVE_ALL
  }

  final Kind kind;
  final JsrContext.Details<Annotation> details;
  final CacheResolver resolver;
  final CacheResolver exceptionResolver;
  final CacheKeyGenerator keyGenerator;
  final int[] keyIndexes;
  final int valueIndex;

  private JsrMethod(Method method, Kind kind, Annotation annotation) {
    this.kind = kind;
    String where = Describe.method(method);
    CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
    String named = switch (kind) {
      case RESULT -> ((CacheResult) annotation).cacheName();
      case PUT -> ((CachePut) annotation).cacheName();
      case REMOVE -> ((CacheRemove) annotation).cacheName();
      case REMOVE_ALL -> ((CacheRemoveAll) annotation).cacheName();
    };
    String cacheName = !named.isEmpty() ? named
        : defaults != null && !defaults.cacheName().isEmpty() ? defaults.cacheName() : where;
    this.details = new JsrContext.Details<>(method, Set.of(method.getAnnotations()), annotation, cacheName);

    Class<? extends CacheResolverFactory> factoryType = switch (kind) {
      case RESULT -> ((CacheResult) annotation).cacheResolverFactory();
      case PUT -> ((CachePut) annotation).cacheResolverFactory();
      case REMOVE -> ((CacheRemove) annotation).cacheResolverFactory();
      case REMOVE_ALL -> ((CacheRemoveAll) annotation).cacheResolverFactory();
    };
    if (factoryType == CacheResolverFactory.class && defaults != null) {
      factoryType = defaults.cacheResolverFactory();
    }
    CacheResolverFactory factory = factoryType == CacheResolverFactory.class
        ? new DefaultCacheResolverFactory() : instantiate(factoryType, where);
    this.resolver = factory.getCacheResolver(details);
    boolean exceptions = kind == Kind.RESULT && !((CacheResult) annotation).exceptionCacheName().isEmpty();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CacheResolver exceptionResolver = exceptions
        ? factory.getExceptionCacheResolver((JsrContext.Details) details) : null;
    this.exceptionResolver = exceptionResolver;

    Class<? extends CacheKeyGenerator> generatorType = switch (kind) {
      case RESULT -> ((CacheResult) annotation).cacheKeyGenerator();
      case PUT -> ((CachePut) annotation).cacheKeyGenerator();
      case REMOVE -> ((CacheRemove) annotation).cacheKeyGenerator();
      case REMOVE_ALL -> CacheKeyGenerator.class;
    };
    if (generatorType == CacheKeyGenerator.class && defaults != null) {
      generatorType = defaults.cacheKeyGenerator();
    }
    this.keyGenerator = generatorType == CacheKeyGenerator.class
        ? new DefaultKeyGenerator() : instantiate(generatorType, where);

    Annotation[][] params = method.getParameterAnnotations();
    List<Integer> keyed = new ArrayList<>();
    List<Integer> unannotated = new ArrayList<>();
    int value = -1;
    for (int i = 0; i < params.length; i++) {
      if (has(params[i], CacheValue.class)) {
        if (value >= 0) {
          throw new IllegalArgumentException(where + " has more than one @CacheValue parameter; keep one");
        }
        value = i;
      } else if (has(params[i], CacheKey.class)) {
        keyed.add(i);
      } else {
        unannotated.add(i);
      }
    }
    if (kind == Kind.PUT && value < 0) {
      throw new IllegalArgumentException("@CachePut on " + where + " needs exactly one parameter annotated"
          + " @CacheValue (the value to store)");
    }
    this.valueIndex = value;
    List<Integer> keys = keyed.isEmpty() ? unannotated : keyed;
    this.keyIndexes = keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Builds the metadata of a method, or returns {@code null} if it has no JSR-107 cache annotation.
   *
   * @param method the method
   * @return the metadata, or {@code null}
   * @throws IllegalArgumentException if the method has more than one cache annotation or misuses one
   */
  public static JsrMethod of(Method method) {
    List<Annotation> found = new ArrayList<>();
    Kind kind = null;
    for (Annotation a : method.getAnnotations()) {
      Kind k = a instanceof CacheResult ? Kind.RESULT : a instanceof CachePut ? Kind.PUT
          : a instanceof CacheRemove ? Kind.REMOVE : a instanceof CacheRemoveAll ? Kind.REMOVE_ALL : null;
      if (k != null) {
        found.add(a);
        kind = k;
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException(Describe.method(method) + " has several JSR-107 cache annotations "
          + found + "; the spec allows one per method");
    }
    return new JsrMethod(method, kind, found.get(0));
  }

  /**
   * The cache name this method uses.
   *
   * @return the resolved name
   */
  public String cacheName() {
    return details.getCacheName();
  }

  /**
   * The method's kind of cache annotation.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  JsrContext<Annotation> context(Object target, Object[] args) {
    return new JsrContext<>(details, target, args, keyIndexes, valueIndex);
  }

  private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
    for (Annotation a : annotations) {
      if (a.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  private static <T> T instantiate(Class<T> type, String where) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("Cannot create " + type.getName() + " named on " + where
          + ": it needs a public no-argument constructor (" + e + ")", e);
    }
  }
}
