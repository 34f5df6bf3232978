package dev.larder.annotation.support;

/**
 * The hit path of a {@code @Cached} call: finds the method's metadata by its join point, computes
 * the key from the arguments (no argument array for up to three arguments with a plain key) and
 * reads the cache, computing nothing. Anything else (the first call of a method, a miss, a pending
 * revalidation, a method returning a future, a cache failure) answers {@link #MISS}, and the caller
 * goes on to the full path ({@link Memoizer#invoke}), which handles it.
 *
 * <p>Woven code calls the static methods, which use the {@link Memoizer#shared() shared} memoizer;
 * tests use an instance over their own.
 */
public final class HitPath {

  /** The answer "not served from the cache: take the full path". */
  public static final Object MISS = new Object();

  /** The shared memoizer and its table, as constants the JIT folds into woven code. */
  private static final Memoizer SHARED = Memoizer.shared();
  private static final JoinPointTable SHARED_TABLE = SHARED.joinPoints();

  private final Memoizer memoizer;

  /**
   * Creates a hit path over a memoizer (tests); woven code uses the static methods.
   *
   * @param memoizer the memoizer whose described methods this serves
   */
  public HitPath(Memoizer memoizer) {
    this.memoizer = memoizer;
  }

  /**
   * Serves a call of a method without parameters from the cache, if it can.
   *
   * @param joinPoint the woven method's static join point
   * @return the cached result (possibly {@code null}), or {@link #MISS}
   */
  public static Object none(Object joinPoint) {
    CachedMethod method = servable(SHARED_TABLE, joinPoint);
    return method == null ? MISS : read(SHARED, method, CompositeKey.EMPTY);
  }

  /**
   * Serves a call of a one-parameter method from the cache, if it can.
   *
   * @param joinPoint the woven method's static join point
   * @param a the argument
   * @return the cached result (possibly {@code null}), or {@link #MISS}
   */
  public static Object one(Object joinPoint, Object a) {
    CachedMethod method = servable(SHARED_TABLE, joinPoint);
    return method == null ? MISS : read(SHARED, method, method.key().keyOf(a));
  }

  /**
   * Serves a call of a two-parameter method from the cache, if it can.
   *
   * @param joinPoint the woven method's static join point
   * @param a the first argument
   * @param b the second argument
   * @return the cached result (possibly {@code null}), or {@link #MISS}
   */
  public static Object two(Object joinPoint, Object a, Object b) {
    CachedMethod method = servable(SHARED_TABLE, joinPoint);
    return method == null ? MISS : read(SHARED, method, method.key().keyOf(a, b));
  }

  /**
   * Serves a call of a three-parameter method from the cache, if it can.
   *
   * @param joinPoint the woven method's static join point
   * @param a the first argument
   * @param b the second argument
   * @param c the third argument
   * @return the cached result (possibly {@code null}), or {@link #MISS}
   */
  public static Object three(Object joinPoint, Object a, Object b, Object c) {
    CachedMethod method = servable(SHARED_TABLE, joinPoint);
    return method == null ? MISS : read(SHARED, method, method.key().keyOf(a, b, c));
  }

  /**
   * The instance form of {@link #one}.
   *
   * @param joinPoint the handle the method was described under
   * @param a the argument
   * @return the cached result, or {@link #MISS}
   */
  public Object hit(Object joinPoint, Object a) {
    CachedMethod method = servable(memoizer.joinPoints(), joinPoint);
    return method == null ? MISS : read(memoizer, method, method.key().keyOf(a));
  }

  /**
   * The instance form of {@link #two}.
   *
   * @param joinPoint the handle the method was described under
   * @param a the first argument
   * @param b the second argument
   * @return the cached result, or {@link #MISS}
   */
  public Object hit(Object joinPoint, Object a, Object b) {
    CachedMethod method = servable(memoizer.joinPoints(), joinPoint);
    return method == null ? MISS : read(memoizer, method, method.key().keyOf(a, b));
  }

  /**
   * The instance form of {@link #three}.
   *
   * @param joinPoint the handle the method was described under
   * @param a the first argument
   * @param b the second argument
   * @param c the third argument
   * @return the cached result, or {@link #MISS}
   */
  public Object hit(Object joinPoint, Object a, Object b, Object c) {
    CachedMethod method = servable(memoizer.joinPoints(), joinPoint);
    return method == null ? MISS : read(memoizer, method, method.key().keyOf(a, b, c));
  }

  /** The metadata of a method the hit path may serve now, or {@code null}. */
  private static CachedMethod servable(JoinPointTable table, Object joinPoint) {
    CachedMethod method = table.get(joinPoint);
    if (method == null || method.kind() != CachedMethod.Kind.VALUE || Revalidation.pending()) {
      return null;
    }
    return method;
  }

  private static Object read(Memoizer memoizer, CachedMethod method, Object key) {
    Binding binding;
    try {
      binding = memoizer.binding(method);
    } catch (RuntimeException e) {
      return MISS; // the full path binds again and reports
    }
    return binding.peek(key);
  }
}
