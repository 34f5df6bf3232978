package dev.larder.annotation.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The per-thread request to revalidate or evict, set by {@code CacheControl} and consumed by the
 * first {@code @Cached} invocation in that thread. Internal: use {@code dev.larder.annotation.CacheControl}.
 */
public final class Revalidation {

  /** What the next {@code @Cached} invocation in this thread should do. */
  public enum Mode {
    /** Serve from the cache, compute on a miss. */
    NORMAL,
    /** Compute a fresh value and replace the cached one. */
    REFRESH,
    /** Remove the entry instead of running the method. */
    EVICT
  }

  private static final ThreadLocal<Mode> PENDING = new ThreadLocal<>();
  /** Threads inside {@link #run}: while none is, no thread has a mode pending, without a ThreadLocal read. */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private Revalidation() {}

  /**
   * Runs {@code call} with {@code mode} pending for the first {@code @Cached} invocation it makes.
   *
   * @param mode the mode to apply
   * @param call the caller's lambda
   * @param <T> result type
   * @return what {@code call} returned
   */
  public static <T> T run(Mode mode, Supplier<T> call) {
    Mode previous = PENDING.get();
    PENDING.set(mode);
    RUNNING.incrementAndGet();
    try {
      return call.get();
    } finally {
      RUNNING.decrementAndGet();
      if (previous == null) {
        PENDING.remove();
      } else {
        PENDING.set(previous);
      }
    }
  }

  /**
   * Tells whether this thread has a revalidation pending, without taking it: the hit path of woven
   * code then leaves the call to the full path. Costs one shared counter read while no thread uses
   * {@code CacheControl}.
   *
   * @return {@code true} if the next {@code @Cached} invocation must not be served from the cache as is
   */
  public static boolean pending() {
    if (RUNNING.get() == 0) {
      return false;
    }
    Mode mode = PENDING.get();
    return mode != null && mode != Mode.NORMAL;
  }

  /**
   * Takes the pending mode of this thread, leaving {@link Mode#NORMAL} for nested invocations.
   *
   * @return the pending mode, {@link Mode#NORMAL} if none
   */
  public static Mode take() {
    Mode mode = PENDING.get();
    if (mode == null) {
      return Mode.NORMAL;
    }
    PENDING.set(Mode.NORMAL);
    return mode;
  }
}
