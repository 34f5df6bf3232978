package dev.larder.annotation.aspectj;

import dev.larder.annotation.support.JsrInvoker;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves JSR-107 {@link javax.cache.annotation.CacheResult} methods (execution pointcut: calls
 * through {@code this} are cached too). All the work is in {@link JsrInvoker}.
 */
@Aspect
public class CacheResultAspect {

  /** Created by AspectJ. */
  public CacheResultAspect() {}

  /**
   * Serves a {@code @CacheResult} call: from the cache, or runs the method and caches its result.
   *
   * @param call the intercepted execution
   * @return the cached or computed result
   * @throws Throwable whatever the method threw, or a cached exception
   */
  @SuppressAjWarnings("adviceDidNotMatch") // a program need not use every annotation
  @Around("execution(@javax.cache.annotation.CacheResult * *(..))")
  public Object cacheResult(ProceedingJoinPoint call) throws Throwable {
    JsrInvoker invoker = JsrInvoker.shared();
    return invoker.invoke(invoker.describe(((MethodSignature) call.getSignature()).getMethod()),
        call.getThis(), call.getArgs(), call::proceed);
  }
}
