package dev.larder.management;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The counters Larder keeps beyond JSR-107's statistics: expirations and loads (successes,
 * failures, time). They count always, whether or not statistics are enabled: an expiry and a load
 * are rare next to a hit, and a load runs the application's code, so two clock reads and a
 * {@link LongAdder} increment are far below their own cost. Read through
 * {@link dev.larder.LarderCacheMetrics}.
 */
public final class ActivityCounters {

  private final LongAdder expirations = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  /** Creates counters that all start at zero. */
  public ActivityCounters() {}

  /** Counts one entry removed because its time to live ran out. */
  public void expired() {
    expirations.increment();
  }

  /**
   * Runs a load and counts it: a success if it returned a value, a failure if it returned
   * {@code null} or threw (the exception propagates unchanged), and its time either way.
   *
   * @param loader the computation
   * @param key its argument
   * @param <K> key type
   * @param <V> value type
   * @return what the loader returned
   */
  public <K, V> V load(Function<? super K, ? extends V> loader, K key) {
    long start = System.nanoTime();
    boolean produced = false;
    try {
      V value = loader.apply(key);
      produced = value != null;
      return value;
    } finally {
      loaded(produced, System.nanoTime() - start);
    }
  }

  /**
   * Counts a load that was timed by the caller.
   *
   * @param produced whether it produced a value
   * @param nanos how long it took
   */
  public void loaded(boolean produced, long nanos) {
    (produced ? loadSuccesses : loadFailures).increment();
    loadNanos.add(nanos);
  }

  /**
   * Returns the expirations counted.
   *
   * @return the count
   */
  public long expirations() {
    return expirations.sum();
  }

  /**
   * Returns the loads that produced a value.
   *
   * @return the count
   */
  public long loadSuccesses() {
    return loadSuccesses.sum();
  }

  /**
   * Returns the loads that threw or produced nothing.
   *
   * @return the count
   */
  public long loadFailures() {
    return loadFailures.sum();
  }

  /**
   * Returns the time spent loading.
   *
   * @return nanoseconds
   */
  public long loadNanos() {
    return loadNanos.sum();
  }
}
