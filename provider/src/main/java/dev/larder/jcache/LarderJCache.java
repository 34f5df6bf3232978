package dev.larder.jcache;

import dev.larder.LarderCache;
import dev.larder.LarderCacheMetrics;
import dev.larder.LarderConfiguration;
import dev.larder.copy.Copier;
import dev.larder.copy.SerializingCopier;
import dev.larder.engine.Clock;
import dev.larder.engine.Timekeeper;
import dev.larder.event.EventDispatcher;
import dev.larder.event.OrderedLanes;
import dev.larder.expiry.ExpiryCalculator;
import dev.larder.integration.Loading;
import dev.larder.integration.WriteThrough;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Larder's implementation of {@link javax.cache.Cache} and its {@link LarderCache} extensions: translates each JSR-107 operation into
 * atomic per-key updates of its {@link dev.larder.store.Store}, applying the expiry policy,
 * write-through, events and statistics as the specification prescribes.
 *
 * <p>Every operation on one key is atomic with respect to every other operation on that key.
 * Bulk operations ({@code getAll}, {@code putAll}, {@code removeAll}, {@code invokeAll}) are
 * atomic per key, not as a whole. Obtain instances from a {@link LarderCacheManager}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LarderJCache<K, V> implements LarderCache<K, V> {

  private final LarderCacheManager manager;
  private final LarderConfiguration<K, V> configuration;
  private final CacheCore<K, V> core;
  private final BulkOperations<K, V> bulk;
  private final Invocations<K, V> invocations;
  private final Extensions<K, V> extensions;
  private final SingleKeyWrites<K, V> writes;
  private final SingleKeyReads<K, V> reads;
  private final CacheBeans beans;
  /** Metrics hook: the read-only view, and whether metrics asked for counting (see setMetricsEnabled). */
  private final CacheMetricsView metrics;
  private boolean metricsEnabled;
  private volatile boolean closed;
  /** Registered with the timekeeper (held weakly there, strongly here). */
  private final Timekeeper.Maintainable maintenance;
  /** The provider's background threads, or {@code null} for a cache with an injected clock. */
  private final Timekeeper timekeeper;

  /** Fewest entries a background expiry cycle visits once a pass is due (10 cycles a second). */
  static final int MAINTENANCE_BUDGET = 1 << 16;

  LarderJCache(LarderCacheManager manager, String name, LarderConfiguration<K, V> configuration, Clock clock,
      Timekeeper timekeeper, OrderedLanes lanes) {
    this.manager = manager;
    this.configuration = configuration;
    this.timekeeper = timekeeper;
    ExpiryCalculator expiry = new ExpiryCalculator(name, configuration.getExpiryPolicyFactory().create(),
        configuration.getDefaultTtl());
    Copier copier = configuration.isStoreByValue()
        ? new SerializingCopier(name, manager.getClassLoader()) : Copier.identity();
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    Loading<K, V> loading = loaderFactory == null ? null : new Loading<>(name, loaderFactory.create());
    Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
    WriteThrough<K, V> writer = configuration.isWriteThrough() && writerFactory != null
        ? new WriteThrough<>(name, writerFactory.create()) : null;
    EventDispatcher<K, V> events = new EventDispatcher<>(this, lanes);
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    this.core = new CacheCore<>(name, configuration,
        (liveness, evicted, expired) -> Stores.open(manager, name, configuration, expiry.isEternal(), liveness,
            evicted, expired),
        clock, expiry, copier, loading, writer, events);
    this.maintenance = () -> core.maintain(MAINTENANCE_BUDGET);
    if (timekeeper != null) {
      // with an injected clock (tests) nothing runs on its own: call runMaintenance()
      timekeeper.register(maintenance);
    }
    Flights<K, V> flights = new Flights<>(core);
    this.bulk = new BulkOperations<>(core, flights);
    this.invocations = new Invocations<>(core);
    this.extensions = new Extensions<>(core, flights);
    this.writes = new SingleKeyWrites<>(core);
    this.reads = new SingleKeyReads<>(core, bulk);
    this.beans = new CacheBeans(manager.getURI().toString(), name, core.stats, configuration);
    this.metrics = new CacheMetricsView(this, core);
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    ensureOpen();
    requireKey(key);
    return reads.get(key);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    long start = core.startBulkTimer();
    Map<K, V> result = bulk.getAll(keys);
    if (start != 0 && !keys.isEmpty()) {
      core.stats.getTime(System.nanoTime() - start);
    }
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    requireKey(key);
    return core.liveness.isLive(core.store.get(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    ensureOpen();
    requireKeys(keys);
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    writes.put(key, value, false);
    core.stopPutTimer(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    V old = writes.put(key, value, true);
    core.stopGetTimer(start);
    core.stopPutTimer(start);
    return old;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ensureOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      requireKey(e.getKey());
      Objects.requireNonNull(e.getValue(), "a value in the map is null");
      core.checkEntry(e.getKey(), e.getValue());
    }
    long start = core.startBulkTimer();
    bulk.putAll(map);
    if (start != 0 && !map.isEmpty()) {
      core.stats.putTime(System.nanoTime() - start);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    boolean added = writes.putIfAbsent(key, value);
    core.stopPutTimer(start);
    return added;
  }

  // ---------------------------------------------------------------- removes

  @Override
  public boolean remove(K key) {
    ensureOpen();
    requireKey(key);
    long start = core.startTimer();
    boolean removed = writes.delete(key);
    core.stopRemoveTimer(start);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    requireKey(key);
    long start = core.startTimer();
    V old = core.out(writes.remove(key, true));
    core.stopGetTimer(start);
    core.stopRemoveTimer(start);
    return old;
  }

  /** Removes a key for the iterator's {@code remove}, writing through; returns the stored value it had if live. */
  V removeEntry(K key, boolean countRead) {
    return writes.remove(key, countRead);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = core.startTimer();
    boolean removed = writes.conditional(key, (k, live) -> Objects.equals(live.value(), oldValue), null) != null;
    core.stopRemoveTimer(start);
    return removed;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkEntry(key, newValue);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = core.startTimer();
    boolean replaced = writes.conditional(key, (k, live) -> Objects.equals(live.value(), oldValue), newValue) != null;
    core.stopPutTimer(start);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    boolean replaced = writes.replace(key, value);
    core.stopPutTimer(start);
    return replaced;
  }

  @Override
  public V getAndReplace(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    V old = core.out(writes.getAndReplace(key, value));
    core.stopGetTimer(start);
    core.stopPutTimer(start);
    return old;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    long start = core.startBulkTimer();
    bulk.removeAll(keys);
    if (start != 0 && !keys.isEmpty()) {
      core.stats.removeTime(System.nanoTime() - start);
    }
  }

  @Override
  public void removeAll() {
    ensureOpen();
    long start = core.startTimer();
    bulk.removeAll();
    core.stopRemoveTimer(start);
  }

  @Override
  public void clear() {
    ensureOpen();
    core.store.clear();
  }

  // ---------------------------------------------------------------- processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return invocations.invoke(key, entryProcessor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    ensureOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return invocations.invokeAll(keys, entryProcessor, arguments);
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    ensureOpen();
    return new CacheIterator<>(core, this);
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
      core.events.register(listenerConfiguration);
      core.store.listenersChanged();
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      core.events.deregister(listenerConfiguration);
      core.store.listenersChanged();
    }
  }

  // ---------------------------------------------------------------- LarderCache extensions

  @Override
  public void put(K key, V value, Duration ttl) {
    timedWrite(key, value, ttl, () -> {
      extensions.put(key, value, ttl);
      return null;
    });
  }

  @Override
  public boolean putIfAbsent(K key, V value, Duration ttl) {
    return timedWrite(key, value, ttl, () -> extensions.putIfAbsent(key, value, ttl));
  }

  @Override
  public boolean replace(K key, V value, Duration ttl) {
    return timedWrite(key, value, ttl, () -> extensions.replace(key, value, ttl));
  }

  /** Checks a write with a ttl, runs it and times it as a put. */
  private <T> T timedWrite(K key, V value, Duration ttl, Supplier<T> write) {
    checkEntry(key, value);
    Objects.requireNonNull(ttl, "ttl");
    long start = core.startTimer();
    T result = write.get();
    core.stopPutTimer(start);
    return result;
  }

  @Override
  public V getIfPresent(K key) {
    ensureOpen();
    requireKey(key);
    return extensions.getIfPresent(key);
  }

  @Override
  public V getOrCompute(K key, Function<? super K, ? extends V> loader) {
    return getOrCompute(key, loader, null);
  }

  @Override
  public V getOrCompute(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    return lookup(key, loader, ttl).value();
  }

  @Override
  public Lookup<V> lookup(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(loader, "loader");
    return extensions.lookup(key, loader, ttl);
  }

  @Override
  public CompletableFuture<V> getOrComputeAsync(K key,
      Function<? super K, ? extends CompletionStage<? extends V>> loader, Duration ttl) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(loader, "loader");
    return extensions.getOrComputeAsync(key, loader, ttl);
  }

  @Override
  public V refresh(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(loader, "loader");
    return extensions.refresh(key, loader, ttl);
  }

  @Override
  public boolean extend(K key, Duration by) {
    ensureOpen();
    requireKey(key);
    return extensions.extend(key, by);
  }

  @Override
  public boolean expireAfter(K key, Duration ttl) {
    ensureOpen();
    requireKey(key);
    return extensions.expireAfter(key, ttl);
  }

  @Override
  public Optional<Duration> ttl(K key) {
    ensureOpen();
    requireKey(key);
    return extensions.ttl(key);
  }

  @Override
  public Optional<java.time.Instant> expiresAt(K key) {
    ensureOpen();
    requireKey(key);
    return extensions.expiresAt(key);
  }

  @Override
  public Stream<K> keys(String pattern) {
    ensureOpen();
    return extensions.keys(pattern);
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping, Duration ttl) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(remapping, "remapping");
    long start = core.startTimer();
    V value = extensions.compute(key, remapping, ttl);
    core.stopPutTimer(start);
    return value;
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping, Duration ttl) {
    ensureOpen();
    requireKey(key);
    long start = core.startTimer();
    V merged = extensions.merge(key, value, remapping, ttl);
    core.stopPutTimer(start);
    return merged;
  }

  // ---------------------------------------------------------------- identity and lifecycle

  @Override
  public String getName() {
    return core.name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("Cache '" + core.name + "': its configuration is a "
        + configuration.getClass().getName() + ", not a " + clazz.getName());
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache '" + core.name + "' cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (timekeeper != null) {
      timekeeper.unregister(maintenance);
    }
    manager.released(this);
    beans.configuration(false);
    beans.statistics(false);
    try {
      core.close();
    } finally {
      manager.closed(this);
    }
  }

  /**
   * Runs one background maintenance cycle now, on the calling thread: what the {@code
   * larder-maintenance} thread does ten times a second. Once the earliest known deadline has
   * passed, cycles walk the table from a persistent cursor, at least {@value #MAINTENANCE_BUDGET}
   * entries or a quarter of the table per cycle, and expire the entries whose deadline has passed
   * (EXPIRED events to interested listeners; not counted as removals); between deadlines a cycle
   * does nothing. A cache with an injected clock (a {@link dev.larder.engine.ManualClock} in
   * tests) does no background work on its own: tests call this instead of waiting.
   *
   * @return the number of entries expired by this cycle
   */
  public int runMaintenance() {
    ensureOpen();
    return core.maintain(MAINTENANCE_BUDGET);
  }

  /** Returns the number of entries stored, expired ones not yet reclaimed included (for tests). */
  long storedEntries() {
    return core.store.size();
  }

  /**
   * Returns this cache's statistics, the same object registered as its {@code CacheStatistics}
   * MXBean. Counters move only while statistics are enabled.
   *
   * @return the live statistics
   */
  public CacheStatisticsMXBean statistics() {
    return core.stats;
  }

  /** Enables or disables statistics collection and its MXBean (counting goes on while metrics are enabled). */
  void setStatisticsEnabled(boolean enabled) {
    synchronized (metrics) {
      configuration.setStatisticsEnabled(enabled);
      core.statisticsEnabled = enabled || metricsEnabled;
      core.timingEnabled = enabled;
    }
    beans.statistics(enabled);
  }

  @Override
  public LarderCacheMetrics metrics() {
    return metrics;
  }

  @Override
  public void setMetricsEnabled(boolean enabled) {
    synchronized (metrics) {
      metricsEnabled = enabled;
      core.statisticsEnabled = enabled || configuration.isStatisticsEnabled();
    }
  }

  /** Enables or disables the configuration MXBean. */
  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    beans.configuration(enabled);
  }

  // ---------------------------------------------------------------- checks

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + core.name + "' is closed");
    }
  }

  private void checkEntry(K key, V value) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(value, "value");
    core.checkEntry(key, value);
  }

  private static void requireKey(Object key) {
    Objects.requireNonNull(key, "key");
  }

  private static void requireKeys(Set<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "a key in the set is null");
    }
  }

  @Override
  public String toString() {
    return "LarderJCache[" + core.name + "]";
  }
}
