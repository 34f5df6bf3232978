package dev.larder.annotation.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;

/**
 * The JSR-107 view of one intercepted call ({@link CacheKeyInvocationContext}), handed to cache
 * resolvers and key generators; its static part ({@link Details}) is built once per method.
 *
 * @param <A> the cache annotation type
 */
public final class JsrContext<A extends Annotation> implements CacheKeyInvocationContext<A> {

  private final Details<A> details;
  private final Object target;
  private final Object[] args;
  private final int[] keyIndexes;
  private final int valueIndex;

  JsrContext(Details<A> details, Object target, Object[] args, int[] keyIndexes, int valueIndex) {
    this.details = details;
    this.target = target;
    this.args = args;
    this.keyIndexes = keyIndexes;
    this.valueIndex = valueIndex;
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    CacheInvocationParameter[] all = new CacheInvocationParameter[args.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = parameter(i);
    }
    return all;
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    CacheInvocationParameter[] keys = new CacheInvocationParameter[keyIndexes.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = parameter(keyIndexes[i]);
    }
    return keys;
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    return valueIndex < 0 ? null : parameter(valueIndex);
  }

  /** The values of the key parameters, in order, without building parameter objects. */
  Object[] keyValues() {
    Object[] values = new Object[keyIndexes.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = args[keyIndexes[i]];
    }
    return values;
  }

  private CacheInvocationParameter parameter(int index) {
    Method method = details.getMethod();
    Class<?> type = method.getParameterTypes()[index];
    Set<Annotation> annotations = Set.of(method.getParameterAnnotations()[index]);
    Object value = args[index];
    return new CacheInvocationParameter() {
      @Override
      public Class<?> getRawType() {
        return type;
      }

      @Override
      public Object getValue() {
        return value;
      }

      @Override
      public Set<Annotation> getAnnotations() {
        return annotations;
      }

      @Override
      public int getParameterPosition() {
        return index;
      }
    };
  }

  @Override
  public Method getMethod() {
    return details.getMethod();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return details.getAnnotations();
  }

  @Override
  public A getCacheAnnotation() {
    return details.getCacheAnnotation();
  }

  @Override
  public String getCacheName() {
    return details.getCacheName();
  }

  @Override
  public <T> T unwrap(Class<T> cls) {
    if (cls.isInstance(this)) {
      return cls.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a Larder invocation context to " + cls.getName());
  }

  /**
   * The static details of an annotated method.
   *
   * @param method the method
   * @param annotations all its annotations
   * @param cacheAnnotation the JSR-107 cache annotation
   * @param cacheName the resolved cache name
   * @param <A> the cache annotation type
   */
  public record Details<A extends Annotation>(Method method, Set<Annotation> annotations, A cacheAnnotation,
      String cacheName) implements CacheMethodDetails<A> {

    @Override
    public Method getMethod() {
      return method;
    }

    @Override
    public Set<Annotation> getAnnotations() {
      return annotations;
    }

    @Override
    public A getCacheAnnotation() {
      return cacheAnnotation;
    }

    @Override
    public String getCacheName() {
      return cacheName;
    }
  }
}
