package dev.larder.annotation.support;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The JSR-107 default {@link CacheKeyGenerator}: a {@link CompositeKey} of the key parameters'
 * values (the {@code @CacheKey} parameters, or all but the {@code @CacheValue} one), in order.
 */
public final class DefaultKeyGenerator implements CacheKeyGenerator {

  /** Creates the generator; annotations may name this class or leave the default. */
  public DefaultKeyGenerator() {}

  @Override
  public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
    if (context instanceof JsrContext<?> larder) {
      return CompositeKey.wrap(larder.keyValues());
    }
    javax.cache.annotation.CacheInvocationParameter[] keys = context.getKeyParameters();
    Object[] values = new Object[keys.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = keys[i].getValue();
    }
    return CompositeKey.wrap(values);
  }
}
