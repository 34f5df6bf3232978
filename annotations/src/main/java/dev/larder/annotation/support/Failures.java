package dev.larder.annotation.support;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Carrying a method's own exception through cache code, and reporting cache errors. */
final class Failures {

  private static final System.Logger LOG = System.getLogger("dev.larder.annotation");

  private Failures() {}

  /** Wraps what the method threw so it can cross a {@code Function}; unwrapped by {@link #unwrap}. */
  static final class Carrier extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Carrier(Throwable cause) {
      super(null, cause, false, false);
    }
  }

  /** Finds the method's own exception in what a cache call threw, or {@code null} if it is a cache error. */
  static Throwable methodFailure(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof Carrier) {
        return t.getCause();
      }
    }
    return null;
  }

  /** The cause a future failed with, as the method threw it. */
  static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    Throwable own = methodFailure(t);
    return own != null ? own : t;
  }

  /** Throws any throwable, checked or not, without declaring it. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** Logs a cache error that was treated as a miss. */
  static void cacheError(String what, CachedMethod method, Object key, RuntimeException e) {
    LOG.log(Level.WARNING, () -> "Cache error during " + what + " for " + method.where() + ", key "
        + Describe.value(key) + " (treated as a miss; the method's result is returned): " + e, e);
  }
}
