package dev.larder.annotation.support;

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
    try {
      return call.get();
    } finally {
      if (previous == null) {
        PENDING.remove();
      } else {
        PENDING.set(previous);
      }
    }
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
