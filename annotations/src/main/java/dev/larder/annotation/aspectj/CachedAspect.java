package dev.larder.annotation.aspectj;

import dev.larder.annotation.support.CachedMethod;
import dev.larder.annotation.support.Memoizer;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves {@link dev.larder.annotation.Cached} methods. An execution pointcut, so calls through
 * {@code this} are memoized too. All the work is in {@link Memoizer}.
 */
@Aspect
public class CachedAspect {

  /** Created by AspectJ. */
  public CachedAspect() {}

  /**
   * Serves a call of a {@code @Cached} method from its cache.
   *
   * @param call the intercepted execution
   * @return the cached or computed result
   * @throws Throwable whatever the method threw
   */
  @Around("execution(@dev.larder.annotation.Cached * *(..))")
  public Object memoize(ProceedingJoinPoint call) throws Throwable {
    Memoizer memoizer = Memoizer.shared();
    CachedMethod method = memoizer.known(call.getStaticPart());
    if (method == null) {
      MethodSignature signature = (MethodSignature) call.getSignature();
      method = memoizer.describe(call.getStaticPart(), signature.getMethod(), signature.getParameterNames());
    }
    return memoizer.invoke(method, call.getArgs(), call::proceed);
  }
}
