package dev.larder.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The counters behind a cache's {@code CacheStatistics} MXBean.
 *
 * <p>Striped {@link LongAdder}s, so concurrent recording does not contend. The cache records into
 * them only while statistics are enabled. Gets are hits plus misses. Average times are reported in
 * microseconds, as JSR-107 specifies, and are zero until an operation of that kind was timed.
 */
public final class StatisticsCounters implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

  /** Creates counters that all start at zero. */
  public StatisticsCounters() {}

  /**
   * Counts cache hits.
   *
   * @param n how many
   */
  public void hits(long n) {
    hits.add(n);
  }

  /**
   * Counts cache misses.
   *
   * @param n how many
   */
  public void misses(long n) {
    misses.add(n);
  }

  /**
   * Counts puts (creates and updates).
   *
   * @param n how many
   */
  public void puts(long n) {
    puts.add(n);
  }

  /**
   * Counts removals done by the application.
   *
   * @param n how many
   */
  public void removals(long n) {
    removals.add(n);
  }

  /**
   * Counts evictions (entries dropped by the cache to stay within its bounds).
   *
   * @param n how many
   */
  public void evictions(long n) {
    evictions.add(n);
  }

  /**
   * Adds time spent in get operations.
   *
   * @param nanos nanoseconds
   */
  public void getTime(long nanos) {
    getNanos.add(nanos);
  }

  /**
   * Adds time spent in put operations.
   *
   * @param nanos nanoseconds
   */
  public void putTime(long nanos) {
    putNanos.add(nanos);
  }

  /**
   * Adds time spent in remove operations.
   *
   * @param nanos nanoseconds
   */
  public void removeTime(long nanos) {
    removeNanos.add(nanos);
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    return percentage(getCacheHits(), getCacheGets());
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    return percentage(getCacheMisses(), getCacheGets());
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float percentage(long part, long whole) {
    return whole == 0 ? 0f : (float) part * 100f / whole;
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (float) nanos / count / 1_000f;
  }
}
