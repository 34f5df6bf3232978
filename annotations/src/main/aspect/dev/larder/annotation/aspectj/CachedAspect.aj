package dev.larder.annotation.aspectj;

import dev.larder.annotation.Cached;
import dev.larder.annotation.support.CachedMethod;
import dev.larder.annotation.support.HitPath;
import dev.larder.annotation.support.Memoizer;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves {@link Cached} methods; execution pointcuts, so calls through {@code this} are memoized
 * too. All the work is in {@link HitPath} and {@link Memoizer}.
 *
 * <p>A code-style aspect, with two pieces of advice per method shape, on purpose. The first serves
 * hits: it uses neither {@code thisJoinPoint} nor a closure, so the weaver inlines it into the woven
 * method and a hit allocates no join point, closure or argument array. Only when it misses does the
 * call proceed to the second, which runs the full get-or-compute ({@link Memoizer#invoke}) with a
 * closure around the method. Methods of up to three parameters bind their arguments directly;
 * methods with more take the full path, with a join point, on every call.
 *
 * <p>Around advice of one aspect takes precedence in the order it is declared: each hit advice
 * comes before the full advice of the same shape.
 *
 * <p>Every advice is marked {@code @SuppressAjWarnings("adviceDidNotMatch")}: a program rarely has
 * methods of every shape, and ajc would otherwise warn once per unused shape when it weaves it.
 */
public aspect CachedAspect {

  pointcut none(): execution(@Cached * *());

  pointcut one(Object a): execution(@Cached * *(*)) && args(a);

  pointcut two(Object a, Object b): execution(@Cached * *(*, *)) && args(a, b);

  pointcut three(Object a, Object b, Object c): execution(@Cached * *(*, *, *)) && args(a, b, c);

  pointcut more(): execution(@Cached * *(*, *, *, *, ..));

  // ---- hits: inlined, allocation-free

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): none() {
    Object hit = HitPath.none(thisJoinPointStaticPart);
    return hit != HitPath.MISS ? hit : proceed();
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a): one(a) {
    Object hit = HitPath.one(thisJoinPointStaticPart, a);
    return hit != HitPath.MISS ? hit : proceed(a);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b): two(a, b) {
    Object hit = HitPath.two(thisJoinPointStaticPart, a, b);
    return hit != HitPath.MISS ? hit : proceed(a, b);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b, Object c): three(a, b, c) {
    Object hit = HitPath.three(thisJoinPointStaticPart, a, b, c);
    return hit != HitPath.MISS ? hit : proceed(a, b, c);
  }

  // ---- everything else: the full path

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): none() {
    return Memoizer.shared().invokeUnchecked(method(thisJoinPointStaticPart), new Object[0], () -> proceed());
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a): one(a) {
    return Memoizer.shared().invokeUnchecked(method(thisJoinPointStaticPart), new Object[] {a}, () -> proceed(a));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b): two(a, b) {
    return Memoizer.shared().invokeUnchecked(method(thisJoinPointStaticPart), new Object[] {a, b},
        () -> proceed(a, b));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b, Object c): three(a, b, c) {
    return Memoizer.shared().invokeUnchecked(method(thisJoinPointStaticPart), new Object[] {a, b, c},
        () -> proceed(a, b, c));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): more() {
    return Memoizer.shared().invokeUnchecked(method(thisJoinPointStaticPart), thisJoinPoint.getArgs(),
        () -> proceed());
  }

  /** The metadata of a woven method, described on its first call. */
  private static CachedMethod method(JoinPoint.StaticPart joinPoint) {
    Memoizer memoizer = Memoizer.shared();
    CachedMethod method = memoizer.known(joinPoint);
    if (method == null) {
      MethodSignature signature = (MethodSignature) joinPoint.getSignature();
      method = memoizer.describe(joinPoint, signature.getMethod(), signature.getParameterNames());
    }
    return method;
  }
}
