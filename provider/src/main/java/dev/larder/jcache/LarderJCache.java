package dev.larder.jcache;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.copy.Copier;
import dev.larder.copy.SerializingCopier;
import dev.larder.engine.Clock;
import dev.larder.engine.Holder;
import dev.larder.event.EventDispatcher;
import dev.larder.expiry.ExpiryCalculator;
import dev.larder.integration.Loading;
import dev.larder.integration.WriteThrough;
import dev.larder.management.ConfigurationBean;
import dev.larder.management.MBeans;
import dev.larder.store.HeapStore;
import java.io.Closeable;
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
import java.util.logging.Level;
import java.util.logging.Logger;
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

  private static final Logger LOG = Logger.getLogger(LarderJCache.class.getName());

  private final LarderCacheManager manager;
  private final LarderConfiguration<K, V> configuration;
  private final CacheCore<K, V> core;
  private final BulkOperations<K, V> bulk;
  private final Invocations<K, V> invocations;
  private final Extensions<K, V> extensions;
  private volatile boolean closed;

  LarderJCache(LarderCacheManager manager, String name, LarderConfiguration<K, V> configuration, Clock clock) {
    this.manager = manager;
    this.configuration = configuration;
    ExpiryCalculator expiry = new ExpiryCalculator(name, configuration.getExpiryPolicyFactory().create(),
        configuration.getDefaultTtl());
    Copier copier = configuration.isStoreByValue()
        ? new SerializingCopier(name, manager.getClassLoader()) : Copier.identity();
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    Loading<K, V> loading = loaderFactory == null ? null : new Loading<>(name, loaderFactory.create());
    Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
    WriteThrough<K, V> writer = configuration.isWriteThrough() && writerFactory != null
        ? new WriteThrough<>(name, writerFactory.create()) : null;
    EventDispatcher<K, V> events = new EventDispatcher<>(this);
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    this.core = new CacheCore<>(name, configuration, new HeapStore<>(), clock, expiry, copier, loading, writer, events);
    this.bulk = new BulkOperations<>(core);
    this.invocations = new Invocations<>(core);
    this.extensions = new Extensions<>(core);
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    ensureOpen();
    requireKey(key);
    long start = startTimer();
    long now = core.clock.millis();
    Holder<V> entry = core.store.get(key);
    V result;
    if (CacheCore.isLive(entry, now)) {
      core.accessed(entry, now);
      result = core.out(entry.value());
      if (core.statisticsEnabled) {
        core.stats.hits(1);
      }
    } else {
      result = bulk.missed(key, entry, now);
    }
    stopGetTimer(start);
    return result;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    long start = startTimer();
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
    return CacheCore.isLive(core.store.get(key), core.clock.millis());
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
    long start = startTimer();
    write(key, value, false);
    stopPutTimer(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkEntry(key, value);
    long start = startTimer();
    V old = write(key, value, true);
    stopGetTimer(start);
    stopPutTimer(start);
    return old;
  }

  private V write(K key, V value, boolean countRead) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    K stored = core.inKey(key);
    V storedValue = core.in(value);
    Object[] old = new Object[1];
    core.store.compute(stored, (k, current) -> {
      core.write(k, value);
      Holder<V> next;
      if (CacheCore.isLive(current, now)) {
        old[0] = current.value();
        outcome.hits += countRead ? 1 : 0;
        next = core.update(outcome, k, current, storedValue, now);
      } else {
        outcome.misses += countRead ? 1 : 0;
        if (current != null) {
          core.expired(outcome, k, current);
        }
        next = core.create(outcome, k, storedValue, now);
      }
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return countRead ? core.out(previous) : null;
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
    long start = startTimer();
    bulk.putAll(map);
    if (start != 0 && !map.isEmpty()) {
      core.stats.putTime(System.nanoTime() - start);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkEntry(key, value);
    long start = startTimer();
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    K stored = core.inKey(key);
    V storedValue = core.in(value);
    boolean[] added = new boolean[1];
    core.store.compute(stored, (k, current) -> {
      if (CacheCore.isLive(current, now)) {
        outcome.hits++;
        return current;
      }
      outcome.misses++;
      core.write(k, value);
      if (current != null) {
        core.expired(outcome, k, current);
      }
      Holder<V> next = core.create(outcome, k, storedValue, now);
      added[0] = true;
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    stopPutTimer(start);
    return added[0];
  }

  // ---------------------------------------------------------------- removes

  @Override
  public boolean remove(K key) {
    ensureOpen();
    requireKey(key);
    long start = startTimer();
    boolean removed = removeEntry(key, false) != null;
    stopRemoveTimer(start);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    requireKey(key);
    long start = startTimer();
    V old = core.out(removeEntry(key, true));
    stopGetTimer(start);
    stopRemoveTimer(start);
    return old;
  }

  /** Removes a key, writing through; returns the stored value it had if it was live. */
  V removeEntry(K key, boolean countRead) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    Object[] old = new Object[1];
    core.store.compute(key, (k, current) -> {
      core.delete(k);
      if (CacheCore.isLive(current, now)) {
        old[0] = current.value();
        outcome.hits += countRead ? 1 : 0;
        core.removed(outcome, k, current);
      } else {
        outcome.misses += countRead ? 1 : 0;
        if (current != null) {
          core.expired(outcome, k, current);
        }
      }
      core.publishAsync(outcome, 0);
      return null;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = startTimer();
    boolean removed = conditional(key, (k, current) -> Objects.equals(current.value(), oldValue), null) != null;
    stopRemoveTimer(start);
    return removed;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkEntry(key, newValue);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = startTimer();
    boolean replaced = conditional(key, (k, current) -> Objects.equals(current.value(), oldValue), newValue) != null;
    stopPutTimer(start);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    checkEntry(key, value);
    long start = startTimer();
    boolean replaced = conditional(key, (k, current) -> true, value) != null;
    stopPutTimer(start);
    return replaced;
  }

  @Override
  public V getAndReplace(K key, V value) {
    checkEntry(key, value);
    long start = startTimer();
    V old = core.out(conditional(key, (k, current) -> true, value));
    stopGetTimer(start);
    stopPutTimer(start);
    return old;
  }

  /**
   * Replaces ({@code newValue != null}) or removes ({@code newValue == null}) a live entry if a
   * condition on it holds. Counts a hit or a miss, and on a failed condition renews the entry as an
   * access. Returns the stored value it had, or {@code null} if nothing changed.
   */
  private V conditional(K key, BiFunction<K, Holder<V>, Boolean> condition, V newValue) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    V storedValue = newValue == null ? null : core.in(newValue);
    Object[] old = new Object[1];
    core.store.compute(key, (k, current) -> {
      if (!CacheCore.isLive(current, now)) {
        outcome.misses++;
        if (current != null) {
          core.expired(outcome, k, current);
          core.publishAsync(outcome, 0);
        }
        return null;
      }
      outcome.hits++;
      if (!condition.apply(k, current)) {
        core.accessed(current, now);
        return current;
      }
      Holder<V> next;
      if (newValue == null) {
        core.delete(k);
        core.removed(outcome, k, current);
        next = null;
      } else {
        core.write(k, newValue);
        next = core.update(outcome, k, current, storedValue, now);
      }
      old[0] = current.value();
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    long start = startTimer();
    bulk.removeAll(keys);
    if (start != 0 && !keys.isEmpty()) {
      core.stats.removeTime(System.nanoTime() - start);
    }
  }

  @Override
  public void removeAll() {
    ensureOpen();
    long start = startTimer();
    bulk.removeAll();
    stopRemoveTimer(start);
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
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      core.events.deregister(listenerConfiguration);
    }
  }

  // ---------------------------------------------------------------- LarderCache extensions

  @Override
  public void put(K key, V value, Duration ttl) {
    checkEntry(key, value);
    Objects.requireNonNull(ttl, "ttl");
    long start = startTimer();
    extensions.put(key, value, ttl);
    stopPutTimer(start);
  }

  @Override
  public boolean putIfAbsent(K key, V value, Duration ttl) {
    checkEntry(key, value);
    Objects.requireNonNull(ttl, "ttl");
    long start = startTimer();
    boolean added = extensions.putIfAbsent(key, value, ttl);
    stopPutTimer(start);
    return added;
  }

  @Override
  public boolean replace(K key, V value, Duration ttl) {
    checkEntry(key, value);
    Objects.requireNonNull(ttl, "ttl");
    long start = startTimer();
    boolean replaced = extensions.replace(key, value, ttl);
    stopPutTimer(start);
    return replaced;
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
    return extensions.lookup(key, checkedLoader(loader), ttl);
  }

  @Override
  public CompletableFuture<V> getOrComputeAsync(K key,
      Function<? super K, ? extends CompletionStage<? extends V>> loader, Duration ttl) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(loader, "loader");
    return extensions.getOrComputeAsync(key, loader, ttl);
  }

  /** Checks what a get-or-compute loader returns before it is stored. */
  private Function<K, V> checkedLoader(Function<? super K, ? extends V> loader) {
    return k -> {
      V value = loader.apply(k);
      if (value != null) {
        core.checkValue(k, value);
      }
      return value;
    };
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
    long start = startTimer();
    V value = extensions.compute(key, remapping, ttl);
    stopPutTimer(start);
    return value;
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping, Duration ttl) {
    ensureOpen();
    requireKey(key);
    long start = startTimer();
    V merged = extensions.merge(key, value, remapping, ttl);
    stopPutTimer(start);
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
    manager.released(this);
    MBeans.unregister(managerUri(), core.name, MBeans.Kind.CacheConfiguration);
    MBeans.unregister(managerUri(), core.name, MBeans.Kind.CacheStatistics);
    core.events.close();
    closeQuietly(core.loading == null ? null : core.loading.loader());
    closeQuietly(core.writer == null ? null : core.writer.writer());
    closeQuietly(core.expiry.policy());
    core.store.close();
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

  /** Enables or disables statistics collection and its MXBean. */
  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    core.statisticsEnabled = enabled;
    if (enabled) {
      MBeans.register(managerUri(), core.name, MBeans.Kind.CacheStatistics, core.stats);
    } else {
      MBeans.unregister(managerUri(), core.name, MBeans.Kind.CacheStatistics);
    }
  }

  /** Enables or disables the configuration MXBean. */
  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(managerUri(), core.name, MBeans.Kind.CacheConfiguration, new ConfigurationBean(configuration));
    } else {
      MBeans.unregister(managerUri(), core.name, MBeans.Kind.CacheConfiguration);
    }
  }

  private String managerUri() {
    return manager.getURI().toString();
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable || o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
      }
    }
  }

  // ---------------------------------------------------------------- checks and timers

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

  private long startTimer() {
    return core.statisticsEnabled ? System.nanoTime() : 0;
  }

  private void stopGetTimer(long start) {
    if (start != 0) {
      core.stats.getTime(System.nanoTime() - start);
    }
  }

  private void stopPutTimer(long start) {
    if (start != 0) {
      core.stats.putTime(System.nanoTime() - start);
    }
  }

  private void stopRemoveTimer(long start) {
    if (start != 0) {
      core.stats.removeTime(System.nanoTime() - start);
    }
  }

  @Override
  public String toString() {
    return "LarderJCache[" + core.name + "]";
  }
}
