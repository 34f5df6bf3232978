package dev.larder.jcache;

import dev.larder.LarderCacheMetrics;
import dev.larder.store.persistent.PersistentStore;
import java.util.Optional;

/**
 * A cache's {@link LarderCacheMetrics}: reads its JSR-107 counters, its activity counters, its
 * loader's counters and its store, live.
 */
final class CacheMetricsView implements LarderCacheMetrics {

  private final LarderJCache<?, ?> cache;
  private final CacheCore<?, ?> core;
  private final Optional<StoreMetrics> store;

  CacheMetricsView(LarderJCache<?, ?> cache, CacheCore<?, ?> core) {
    this.cache = cache;
    this.core = core;
    this.store = core.store instanceof PersistentStore<?, ?> persistent
        ? Optional.of(persistent.metrics()) : Optional.empty();
  }

  @Override
  public String cacheName() {
    return core.name;
  }

  @Override
  public long entryCount() {
    return cache.isClosed() ? 0 : Math.max(0, core.store.size());
  }

  @Override
  public boolean isCounting() {
    return core.statisticsEnabled;
  }

  @Override
  public long hits() {
    return core.stats.getCacheHits();
  }

  @Override
  public long misses() {
    return core.stats.getCacheMisses();
  }

  @Override
  public long puts() {
    return core.stats.getCachePuts();
  }

  @Override
  public long removals() {
    return core.stats.getCacheRemovals();
  }

  @Override
  public long evictions() {
    return core.stats.getCacheEvictions();
  }

  @Override
  public long expirations() {
    return core.activity.expirations();
  }

  @Override
  public long loadSuccesses() {
    return core.activity.loadSuccesses() + (core.loading == null ? 0 : core.loading.counters().loadSuccesses());
  }

  @Override
  public long loadFailures() {
    return core.activity.loadFailures() + (core.loading == null ? 0 : core.loading.counters().loadFailures());
  }

  @Override
  public long loadNanos() {
    return core.activity.loadNanos() + (core.loading == null ? 0 : core.loading.counters().loadNanos());
  }

  @Override
  public Optional<StoreMetrics> store() {
    return store;
  }

  @Override
  public String toString() {
    return "LarderCacheMetrics[" + core.name + "]";
  }
}
