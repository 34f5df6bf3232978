package dev.larder.annotation.support;

import dev.larder.annotation.Cached;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a {@code @Cached} method needs at each call, built once per method: cache name, time to live,
 * compiled key, result kind, and (after the first call) its cache binding.
 */
public final class CachedMethod {

  /** How a method delivers its result. */
  enum Kind { VALUE, FUTURE }

  private final String where;
  private final String cacheName;
  private final Duration ttl;
  private final KeyExpression key;
  private final boolean cacheNull;
  private final Kind kind;
  private final Class<?> valueType;
  private volatile Binding binding;

  private CachedMethod(Method method, Cached cached, String[] names) {
    this.where = Describe.method(method);
    this.cacheName = cached.cache().isBlank() ? where : cached.cache().trim();
    this.ttl = Ttl.parse(cached.ttl(), where);
    this.key = KeyExpression.compile(cached.key(), method, names);
    this.cacheNull = cached.cacheNull();
    Class<?> returns = method.getReturnType();
    if (returns == void.class) {
      throw new IllegalArgumentException("@Cached on " + where + " makes no sense: the method returns void;"
          + " remove the annotation");
    }
    boolean future = returns == CompletableFuture.class || returns == CompletionStage.class;
    this.kind = future ? Kind.FUTURE : Kind.VALUE;
    this.valueType = future ? Object.class : box(returns);
  }

  /**
   * Builds the metadata of a method.
   *
   * @param method the annotated method
   * @param cached its annotation
   * @param fallbackNames parameter names from the weaver, used if the class was compiled without
   *     {@code -parameters}; may be {@code null}
   * @return the metadata
   * @throws IllegalArgumentException if the annotation is invalid; the message names the method
   */
  public static CachedMethod of(Method method, Cached cached, String[] fallbackNames) {
    return new CachedMethod(method, cached, parameterNames(method, fallbackNames));
  }

  private static String[] parameterNames(Method method, String[] fallback) {
    String[] names = parameterNamesOf(method);
    if (names != null) {
      return names;
    }
    return fallback != null && fallback.length == method.getParameterCount() ? fallback : null;
  }

  /**
   * The parameter names recorded by {@code javac -parameters}.
   *
   * @param method a method
   * @return the names, or {@code null} if the class was compiled without {@code -parameters}
   */
  static String[] parameterNamesOf(Method method) {
    Parameter[] params = method.getParameters();
    if (params.length > 0 && !params[0].isNamePresent()) {
      return null;
    }
    String[] names = new String[params.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = params[i].getName();
    }
    return names;
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
  }

  Binding binding(CacheSource source) {
    Binding current = binding;
    if (current == null) {
      synchronized (this) {
        current = binding;
        if (current == null) {
          current = source.bind(this);
          binding = current;
        }
      }
    }
    return current;
  }

  /** Forgets the cache binding, e.g. after the cache manager changed. */
  void unbind() {
    binding = null;
  }

  /**
   * The method as named in messages and default cache names.
   *
   * @return {@code fully.qualified.Class.method(param.Types)}
   */
  public String where() {
    return where;
  }

  /**
   * The cache name.
   *
   * @return the annotation's cache name, or the derived one
   */
  public String cacheName() {
    return cacheName;
  }

  /**
   * The time to live of computed values.
   *
   * @return the duration, or {@code null} for the cache's own policy
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Whether {@code null} results are cached.
   *
   * @return the annotation's {@code cacheNull}
   */
  public boolean cacheNull() {
    return cacheNull;
  }

  /**
   * The compiled key expression.
   *
   * @return the key
   */
  public KeyExpression key() {
    return key;
  }

  Kind kind() {
    return kind;
  }

  Class<?> valueType() {
    return valueType;
  }
}
