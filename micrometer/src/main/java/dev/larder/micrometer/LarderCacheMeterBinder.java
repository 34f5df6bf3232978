package dev.larder.micrometer;

import dev.larder.LarderCache;
import dev.larder.LarderCacheMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.cache.Cache;

/**
 * Publishes one Larder cache's metrics to Micrometer, read live from {@link LarderCache#metrics()}.
 * JSR-107 statistics and JMX are not needed: binding turns on the cache's counting
 * ({@link LarderCache#setMetricsEnabled(boolean)}), which registers no MXBean.
 *
 * <p>Meters, each tagged {@code cache=<name>} plus the tags given:
 * <ul>
 *   <li>{@code cache.size} (gauge): the entries held now;
 *   <li>{@code cache.gets} (counter) tagged {@code result=hit} and {@code result=miss};
 *   <li>{@code cache.puts}, {@code cache.removals}, {@code cache.evictions},
 *       {@code cache.expirations} (counters);
 *   <li>{@code cache.load} (counter) tagged {@code result=success} and {@code result=failure}, and
 *       {@code cache.load.duration} (time gauge, total time spent loading), as Micrometer's
 *       Caffeine binder names them;
 *   <li>persistent caches only: {@code larder.store.commits} (function timer: commits and their
 *       total time, so the mean commit latency), {@code larder.store.commit.writes} (counter: the
 *       writes committed; divided by the commits, the mean batch size),
 *       {@code larder.store.commit.failures} and {@code larder.store.file.reads} (counters).
 * </ul>
 *
 * <p>Meters hold the cache's metrics view weakly, like Micrometer's own cache binders: once a
 * closed cache is garbage, they read NaN. {@link #unbindFrom} removes them. The meter names and
 * what each counts are documented in {@code docs/metrics.md}.
 */
public final class LarderCacheMeterBinder implements MeterBinder {

  private final LarderCache<?, ?> cache;
  private final LarderCacheMetrics metrics;
  private final Tags tags;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();

  /**
   * Creates a binder for one cache.
   *
   * @param cache a cache created by Larder
   * @param tags tags added to every meter, besides {@code cache=<name>}
   * @throws IllegalArgumentException if the cache is not a Larder cache
   */
  public LarderCacheMeterBinder(Cache<?, ?> cache, Iterable<Tag> tags) {
    this.cache = LarderCache.of(Objects.requireNonNull(cache, "cache"));
    this.metrics = this.cache.metrics();
    this.tags = Tags.concat(tags, "cache", cache.getName());
  }

  /**
   * Binds a cache's meters to a registry in one call.
   *
   * @param registry the registry
   * @param cache a cache created by Larder
   * @param tags tags as key, value pairs, added to every meter
   * @return the binder, for {@link #unbindFrom}
   * @throws IllegalArgumentException if the cache is not a Larder cache or a tag has no value
   */
  public static LarderCacheMeterBinder monitor(MeterRegistry registry, Cache<?, ?> cache, String... tags) {
    LarderCacheMeterBinder binder = new LarderCacheMeterBinder(cache, Tags.of(tags));
    binder.bindTo(registry);
    return binder;
  }

  /**
   * Registers the cache's meters and turns its counting on.
   *
   * @param registry the registry to publish to
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    cache.setMetricsEnabled(true);
    meters.add(Gauge.builder("cache.size", metrics, m -> m.entryCount()).tags(tags)
        .description("The number of entries the cache holds").baseUnit("entries").register(registry));
    counter(registry, "cache.gets", Tags.of("result", "hit"), LarderCacheMetrics::hits,
        "Lookups that found a live entry (hit) or none (miss)");
    counter(registry, "cache.gets", Tags.of("result", "miss"), LarderCacheMetrics::misses,
        "Lookups that found a live entry (hit) or none (miss)");
    counter(registry, "cache.puts", Tags.empty(), LarderCacheMetrics::puts, "Values stored (creates and updates)");
    counter(registry, "cache.removals", Tags.empty(), LarderCacheMetrics::removals,
        "Entries removed by the application");
    counter(registry, "cache.evictions", Tags.empty(), LarderCacheMetrics::evictions,
        "Entries dropped to stay within the maximum size");
    counter(registry, "cache.expirations", Tags.empty(), LarderCacheMetrics::expirations,
        "Entries removed because their time to live ran out");
    counter(registry, "cache.load", Tags.of("result", "success"), LarderCacheMetrics::loadSuccesses,
        "Loads (CacheLoader calls, getOrCompute computations) that produced a value (success) or threw or"
            + " produced none (failure)");
    counter(registry, "cache.load", Tags.of("result", "failure"), LarderCacheMetrics::loadFailures,
        "Loads (CacheLoader calls, getOrCompute computations) that produced a value (success) or threw or"
            + " produced none (failure)");
    meters.add(TimeGauge.builder("cache.load.duration", metrics, TimeUnit.NANOSECONDS, m -> m.loadNanos())
        .tags(tags).description("The total time spent loading").register(registry));
    if (metrics.store().isPresent()) {
      bindStore(registry);
    }
  }

  private void bindStore(MeterRegistry registry) {
    meters.add(FunctionTimer.builder("larder.store.commits", metrics,
            m -> m.store().map(LarderCacheMetrics.StoreMetrics::commits).orElse(0L),
            m -> m.store().map(LarderCacheMetrics.StoreMetrics::commitNanos).orElse(0L), TimeUnit.NANOSECONDS)
        .tags(tags).description("Transactions committed to the store file, and the time they took")
        .register(registry));
    storeCounter(registry, "larder.store.commit.writes", LarderCacheMetrics.StoreMetrics::committedWrites,
        "Writes in committed transactions (divided by the commits: the mean batch size)");
    storeCounter(registry, "larder.store.commit.failures", LarderCacheMetrics.StoreMetrics::commitFailures,
        "Transactions that failed; their writes changed nothing");
    storeCounter(registry, "larder.store.file.reads", LarderCacheMetrics.StoreMetrics::fileReads,
        "Point reads of the store file (keys not in memory)");
  }

  private void counter(MeterRegistry registry, String name, Tags extra, ToDoubleFunction<LarderCacheMetrics> count,
      String description) {
    meters.add(FunctionCounter.builder(name, metrics, count).tags(tags.and(extra)).description(description)
        .register(registry));
  }

  private void storeCounter(MeterRegistry registry, String name,
      java.util.function.ToLongFunction<LarderCacheMetrics.StoreMetrics> count, String description) {
    counter(registry, name, Tags.empty(),
        m -> m.store().map(s -> (double) count.applyAsLong(s)).orElse(0.0), description);
  }

  /**
   * Removes the meters this binder registered (after a cache was replaced, for example). Counting
   * stays on: another binder may still read it.
   *
   * @param registry the registry {@link #bindTo} registered them in
   */
  public void unbindFrom(MeterRegistry registry) {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
  }

  /**
   * Returns the cache this binder publishes.
   *
   * @return the cache
   */
  public LarderCache<?, ?> cache() {
    return cache;
  }
}
