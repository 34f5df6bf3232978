package dev.larder.management;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The counters behind a cache's {@code CacheStatistics} MXBean.
 *
 * <p>Counted in {@link OwnedStripes}: a thread adds to counters only it writes, with a plain
 * store, so counting a hit costs a small fraction of the hit, and the totals are exact once the
 * counting threads are quiet. The cache records into them only while statistics (or metrics) are
 * enabled. Gets are hits plus misses. Average times are reported in
 * microseconds, as JSR-107 specifies, and are zero until an operation of that kind was timed.
 */
public final class StatisticsCounters implements CacheStatisticsMXBean {

  private static final int HITS = 0;
  private static final int MISSES = 1;
  private static final int PUTS = 2;
  private static final int REMOVALS = 3;
  private static final int EVICTIONS = 4;
  private static final int GET_NANOS = 5;
  private static final int PUT_NANOS = 6;
  private static final int REMOVE_NANOS = 7;

  private final OwnedStripes counts = new OwnedStripes(8);

  /** Creates counters that all start at zero. */
  public StatisticsCounters() {}

  /**
   * Tells whether to time this call: about one call in {@code period} of each thread, chosen at
   * random gaps, without an atomic instruction (see {@link OwnedStripes#sample}). A caller that
   * times the chosen calls and adds {@code period ×} their time keeps the average times unbiased.
   *
   * @param period a power of two
   * @return whether to time this call
   */
  public boolean sampleTimer(int period) {
    return counts.sample(period);
  }

  /**
   * Counts a hit in advance and tells whether to time this call, in one step: {@link #hits hits(1)}
   * and {@link #sampleTimer}. A caller whose call then misses takes the hit back with
   * {@code hits(-1)} before it counts the miss; until it has, the hits may read one high.
   *
   * @param period a power of two
   * @return whether to time this call
   */
  public boolean hitAndSampleTimer(int period) {
    return counts.addAndSample(HITS, 1, period);
  }

  /**
   * Counts cache hits.
   *
   * @param n how many (negative to take back hits counted in advance)
   */
  public void hits(long n) {
    counts.add(HITS, n);
  }

  /**
   * Counts cache misses.
   *
   * @param n how many
   */
  public void misses(long n) {
    counts.add(MISSES, n);
  }

  /**
   * Counts puts (creates and updates).
   *
   * @param n how many
   */
  public void puts(long n) {
    counts.add(PUTS, n);
  }

  /**
   * Counts removals done by the application.
   *
   * @param n how many
   */
  public void removals(long n) {
    counts.add(REMOVALS, n);
  }

  /**
   * Counts evictions (entries dropped by the cache to stay within its bounds).
   *
   * @param n how many
   */
  public void evictions(long n) {
    counts.add(EVICTIONS, n);
  }

  /**
   * Adds time spent in get operations.
   *
   * @param nanos nanoseconds
   */
  public void getTime(long nanos) {
    counts.add(GET_NANOS, nanos);
  }

  /**
   * Adds time spent in put operations.
   *
   * @param nanos nanoseconds
   */
  public void putTime(long nanos) {
    counts.add(PUT_NANOS, nanos);
  }

  /**
   * Adds time spent in remove operations.
   *
   * @param nanos nanoseconds
   */
  public void removeTime(long nanos) {
    counts.add(REMOVE_NANOS, nanos);
  }

  @Override
  public void clear() {
    counts.clear();
  }

  @Override
  public long getCacheHits() {
    return counts.sum(HITS);
  }

  @Override
  public float getCacheHitPercentage() {
    return percentage(getCacheHits(), getCacheGets());
  }

  @Override
  public long getCacheMisses() {
    return counts.sum(MISSES);
  }

  @Override
  public float getCacheMissPercentage() {
    return percentage(getCacheMisses(), getCacheGets());
  }

  @Override
  public long getCacheGets() {
    return counts.sum(HITS) + counts.sum(MISSES);
  }

  @Override
  public long getCachePuts() {
    return counts.sum(PUTS);
  }

  @Override
  public long getCacheRemovals() {
    return counts.sum(REMOVALS);
  }

  @Override
  public long getCacheEvictions() {
    return counts.sum(EVICTIONS);
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(counts.sum(GET_NANOS), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(counts.sum(PUT_NANOS), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(counts.sum(REMOVE_NANOS), getCacheRemovals());
  }

  private static float percentage(long part, long whole) {
    return whole == 0 ? 0f : (float) part * 100f / whole;
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (float) nanos / count / 1_000f;
  }
}
