package dev.larder.annotation.aspectj;

import dev.larder.annotation.support.JsrInvoker;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves the JSR-107 annotations that change a cache: {@link javax.cache.annotation.CachePut},
 * {@link javax.cache.annotation.CacheRemove} and {@link javax.cache.annotation.CacheRemoveAll}.
 * All the work is in {@link JsrInvoker}.
 */
@Aspect
public class CacheMutationAspect {

  /** Created by AspectJ. */
  public CacheMutationAspect() {}

  /**
   * Puts, removes or removes all around the method, as its annotation says.
   *
   * @param call the intercepted execution
   * @return the method's result
   * @throws Throwable whatever the method threw
   */
  @SuppressAjWarnings("adviceDidNotMatch") // a program need not use every annotation
  @Around("execution(@javax.cache.annotation.CachePut * *(..))"
      + " || execution(@javax.cache.annotation.CacheRemove * *(..))"
      + " || execution(@javax.cache.annotation.CacheRemoveAll * *(..))")
  public Object mutate(ProceedingJoinPoint call) throws Throwable {
    JsrInvoker invoker = JsrInvoker.shared();
    return invoker.invoke(invoker.describe(((MethodSignature) call.getSignature()).getMethod()),
        call.getThis(), call.getArgs(), call::proceed);
  }
}
