package dev.larder.jcache;

import dev.larder.LarderConfiguration;
import dev.larder.SizeLimitExceededException;
import dev.larder.copy.Copier;
import dev.larder.copy.EncodedSize;
import dev.larder.engine.Clock;
import dev.larder.engine.Deadlines;
import dev.larder.engine.ExpirySweeper;
import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.event.EventDispatcher;
import dev.larder.expiry.ExpiryCalculator;
import dev.larder.integration.Loading;
import dev.larder.integration.WriteThrough;
import dev.larder.management.ActivityCounters;
import dev.larder.management.StatisticsCounters;
import dev.larder.store.DirectWrite;
import dev.larder.store.Store;
import dev.larder.store.StoreExpiry;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.event.EventType;

/**
 * A cache's internals, shared by the classes that carry out its operations: the store, the clock
 * and liveness rule, the expiry policy, the copier, the loader and writer, the listeners and the
 * statistics — and {@link #write}, the one primitive every operation is built from.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheCore<K, V> implements StoreExpiry<K, V> {

  /** One single-key operation in this many (a power of two) is timed when statistics are on. */
  static final int TIMING_SAMPLE = 64;

  private static final Logger LOG = Logger.getLogger(CacheCore.class.getName());

  /** Opens the cache's store once its liveness rule and listeners exist. */
  @FunctionalInterface
  interface StoreOpener<K, V> {
    Store<K, V> open(Liveness liveness, BiConsumer<K, Holder<V>> evicted, StoreExpiry<K, V> expiry);
  }

  /** An operation that changes nothing itself: the liveness rule alone (expire a dead entry). */
  private static final Outcome.Op<Object, Object> NOTHING = (o, k, live) -> { };

  final String name;
  final Store<K, V> store;
  final Clock clock;
  final Liveness liveness;
  final ExpirySweeper<K, V> sweeper;
  final ExpiryCalculator expiry;
  final Copier copier;
  /** The loader, or {@code null}; used by get/getAll/invoke only when read-through is on. */
  final Loading<K, V> loading;
  /** The writer if write-through is on, else {@code null}. */
  final WriteThrough<K, V> writer;
  final boolean readThrough;
  final EventDispatcher<K, V> events;
  final StatisticsCounters stats = new StatisticsCounters();
  /** Metrics beyond JSR-107 (expirations, getOrCompute loads): counted always, off the read path. */
  final ActivityCounters activity = new ActivityCounters();
  /** Whether {@link #stats} count: JSR-107 statistics or metrics are on (see LarderJCache). */
  volatile boolean statisticsEnabled;
  /** Whether operations are timed for the statistics' average times: JSR-107 statistics only (metrics need no clock reads). */
  volatile boolean timingEnabled;
  /** The configured key and value types, or {@code null} where any object is accepted. */
  private final Class<?> keyType;
  private final Class<?> valueType;
  private final int maxKeyBytes;
  private final int maxValueBytes;
  /** One maintenance cycle at a time, and none after close. */
  private final Object maintenanceLock = new Object();
  private boolean closed;
  /** Whether single-key writes may go to the store as {@link DirectWrite}s (while no synchronous listener is registered). */
  private final boolean directCapable;
  /** Whether the expiry policy's answers may be computed ahead of a direct write (a built-in policy). */
  private final boolean policyAhead;

  CacheCore(String name, LarderConfiguration<K, V> config, StoreOpener<K, V> opener, Clock clock,
      ExpiryCalculator expiry, Copier copier, Loading<K, V> loading, WriteThrough<K, V> writer,
      EventDispatcher<K, V> events) {
    this.name = name;
    this.keyType = config.getKeyType() == Object.class ? null : config.getKeyType();
    this.valueType = config.getValueType() == Object.class ? null : config.getValueType();
    this.maxKeyBytes = config.getMaxKeyBytes();
    this.maxValueBytes = config.getMaxValueBytes();
    this.clock = clock;
    this.expiry = expiry;
    this.copier = copier;
    this.loading = loading;
    this.readThrough = config.isReadThrough() && loading != null;
    this.writer = writer;
    this.events = events;
    this.sweeper = new ExpirySweeper<>(clock);
    this.liveness = new Liveness(clock, expiry, sweeper::noteDeadline);
    this.store = opener.open(liveness, this::evicted, this);
    sweeper.attach(store, this::expireIfSame);
    if (store.size() != 0) {
      sweeper.noteDeadline(0); // a reopened store may hold entries that expired while it was closed
    }
    this.directCapable = store.writesDirect() && writer == null;
    this.policyAhead = expiry.isBuiltIn();
  }

  // ---------------------------------------------------------------- the write primitive

  /**
   * Runs one operation on one key as a step of the store: the liveness rule, the operation's
   * decision, the commit, the events in the key's order, then statistics and (outside an exclusive
   * step) synchronous delivery.
   *
   * @param key the key as stored
   * @param mayBlock whether the operation calls a loader or other code that may block
   * @param op the operation
   * @return what the operation recorded
   */
  Outcome<K, V> write(K key, boolean mayBlock, Outcome.Op<K, V> op) {
    Outcome<K, V> outcome = new Outcome<>(this, op, liveness.now());
    boolean exclusive = mayBlock || writer != null || events.hasSynchronous();
    outcome.exclusive = exclusive;
    store.apply(key, outcome, exclusive);
    finish(outcome);
    return outcome;
  }

  /**
   * Runs one operation per key, as {@link #write} would one after another, but lets the store
   * commit them together ({@link Store#applyAll}) when no step may block (no writer, no synchronous
   * listener, nothing that calls user code that may block). Each key's operation is atomic on its
   * own; if one fails, those committed before it stay, and the failure reaches the caller.
   *
   * @param keys the keys as stored, distinct
   * @param ops the operation of each key
   */
  void writeAll(java.util.List<K> keys, java.util.List<Outcome.Op<K, V>> ops) {
    if (writer != null || events.hasSynchronous() || keys.size() < 2) {
      for (int i = 0; i < keys.size(); i++) {
        write(keys.get(i), false, ops.get(i));
      }
      return;
    }
    long now = liveness.now();
    java.util.List<Outcome<K, V>> outcomes = new java.util.ArrayList<>(keys.size());
    for (Outcome.Op<K, V> op : ops) {
      outcomes.add(new Outcome<>(this, op, now));
    }
    try {
      store.applyAll(keys, outcomes, false);
    } finally {
      for (Outcome<K, V> outcome : outcomes) {
        if (outcome.done) {
          finish(outcome);
        }
      }
    }
  }

  /**
   * Runs a single-key write whose decision involves no code of the application as a {@link
   * DirectWrite} of the store (one action of its authority), when the cache allows it: the store
   * offers it, there is no writer and no synchronous listener, and the expiry policy is a built-in
   * one (whose answers are computed here, in advance, without calling the application). Events,
   * statistics and synchronous delivery are as {@link #write} would make them.
   *
   * @param kind what the write does
   * @param key the key as stored
   * @param stored the value as stored, or {@code null} for a removal
   * @param countRead whether the operation reads the old value for its caller (a hit or a miss)
   * @return the write, committed; or {@code null} if the caller must run it with {@link #write}
   */
  DirectOp<K, V> writeDirect(DirectWrite.Kind kind, K key, V stored, boolean countRead) {
    return writeDirect(kind, key, stored, countRead, null);
  }

  /**
   * Like {@link #writeDirect(DirectWrite.Kind, Object, Object, boolean)}, with a time to live of
   * the call's own for created and updated entries (the {@link dev.larder.LarderCache} extensions;
   * the expiry policy is then not asked, whichever it is), or {@code null} for the policy's.
   */
  DirectOp<K, V> writeDirect(DirectWrite.Kind kind, K key, V stored, boolean countRead, java.time.Duration ttl) {
    DirectOp<K, V> op = directOp(kind, stored, countRead, ttl, liveness.now());
    if (op == null || !store.applyDirect(key, op)) {
      return null;
    }
    finish(op.outcome);
    return op;
  }

  /**
   * Runs the same kind of write on many keys as {@link DirectWrite}s the store may send together
   * ({@link Store#applyAllDirect}), when {@link #writeDirect} could run each of them; events,
   * statistics and deadlines are as {@link #write} would make them, key by key.
   *
   * @param kind {@link DirectWrite.Kind#PUT} or {@link DirectWrite.Kind#REMOVE}
   * @param keys the keys as stored, distinct
   * @param stored the values as stored, in the keys' order, or {@code null} for removals
   * @return the positions of the keys the caller must still write with {@link #writeAll}; or
   *     {@code null} if none ran (the cache cannot write them directly)
   */
  java.util.List<Integer> writeAllDirect(DirectWrite.Kind kind, java.util.List<K> keys, java.util.List<V> stored) {
    long now = liveness.now();
    java.util.List<DirectOp<K, V>> ops = new java.util.ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      DirectOp<K, V> op = directOp(kind, stored == null ? null : stored.get(i), false, null, now);
      if (op == null) {
        return null;
      }
      ops.add(op);
    }
    boolean[] ran;
    try {
      ran = store.applyAllDirect(keys, ops);
    } finally {
      for (DirectOp<K, V> op : ops) {
        if (op.outcome.done) {
          finish(op.outcome);
        }
      }
    }
    java.util.List<Integer> rest = new java.util.ArrayList<>();
    for (int i = 0; i < ran.length; i++) {
      if (!ran[i]) {
        rest.add(i);
      }
    }
    return rest;
  }

  /**
   * A direct write with its deadlines computed in advance, or {@code null} if the cache must run
   * it as a step: no direct writes, a synchronous listener, an expiry policy of the application's
   * own (unless the call brings its own time to live, or removes), or expired on creation.
   */
  private DirectOp<K, V> directOp(DirectWrite.Kind kind, V stored, boolean countRead, java.time.Duration ttl,
      long now) {
    if (!directCapable || events.hasSynchronous() || ttl == null && !policyAhead && kind != DirectWrite.Kind.REMOVE) {
      return null;
    }
    long create = Deadlines.NEVER;
    long update = DirectWrite.KEEP_DEADLINE;
    if (ttl != null) {
      create = Ttls.deadline(ttl, clock.millis());
      update = create;
    } else if (kind != DirectWrite.Kind.REMOVE) {
      create = expiry.onCreate(now);
      long next = expiry.onUpdate(now);
      update = next == ExpiryCalculator.UNCHANGED ? DirectWrite.KEEP_DEADLINE : next;
      if (!DirectOp.creatable(create, now)) {
        return null; // expired on creation: the step path stores nothing, and counts nothing
      }
    }
    boolean wantsOld = countRead || events.wants(EventType.EXPIRED) || switch (kind) {
      case PUT, REPLACE -> events.wants(EventType.UPDATED);
      case REMOVE -> events.wants(EventType.REMOVED);
      case PUT_IF_ABSENT -> false;
    };
    return new DirectOp<>(this, kind, stored, clock.millis(), create, update, wantsOld, countRead);
  }

  /** Applies the liveness rule alone to a key: expires its entry if it is dead. */
  @SuppressWarnings("unchecked")
  Outcome<K, V> expireIfDead(K key) {
    return write(key, false, (Outcome.Op<K, V>) (Outcome.Op<?, ?>) NOTHING);
  }

  /** The background sweep's expiry of an entry it found dead (not counted as a removal). */
  boolean expireIfSame(K key, Holder<V> seen) {
    return expireIfDead(key).foundExpired;
  }

  // ---------------------------------------------------------------- what operations record

  /** Records the expiry of an entry found dead (the one place every expiry passes: metrics count it here). */
  void expired(Outcome<K, V> outcome, K key, Holder<V> entry) {
    activity.expired();
    if (entry.value() != null && events.wants(EventType.EXPIRED)) {
      outcome.add(events.event(EventType.EXPIRED, key, entry.value(), entry.value()));
    }
  }

  /**
   * Stores a new value with the policy's creation deadline (unless the policy says it is expired on
   * creation: then nothing is stored). Counts a put and records CREATED.
   */
  void create(Outcome<K, V> outcome, K key, V stored) {
    createUntil(outcome, key, stored, expiry.onCreate(outcome.now));
  }

  /** Like {@link #create}, with a deadline chosen by the caller. */
  void createUntil(Outcome<K, V> outcome, K key, V stored, long deadline) {
    if (deadline <= outcome.now) {
      return;
    }
    outcome.puts++;
    if (events.wants(EventType.CREATED)) {
      outcome.add(events.event(EventType.CREATED, key, stored, null));
    }
    outcome.store(stored, deadline, false);
  }

  /** Replaces a live entry's value with the policy's update deadline. Counts a put and records UPDATED. */
  void update(Outcome<K, V> outcome, K key, Holder<V> live, V stored) {
    long deadline = expiry.onUpdate(outcome.now);
    updateUntil(outcome, key, live, stored, deadline == ExpiryCalculator.UNCHANGED ? live.deadline() : deadline);
  }

  /** Like {@link #update}, with a deadline chosen by the caller. */
  void updateUntil(Outcome<K, V> outcome, K key, Holder<V> live, V stored, long deadline) {
    outcome.puts++;
    if (events.wants(EventType.UPDATED)) {
      outcome.add(events.event(EventType.UPDATED, key, stored, live.value()));
    }
    outcome.store(stored, deadline, true);
  }

  /**
   * Stores a value over the key's live entry (an update) or in place of nothing (a creation), with
   * the policy's deadlines, or, when {@code ttl} is given, a deadline {@code ttl} from now.
   */
  void createOrUpdate(Outcome<K, V> outcome, K key, Holder<V> live, V stored, java.time.Duration ttl) {
    if (ttl == null) {
      if (live != null) {
        update(outcome, key, live, stored);
      } else {
        create(outcome, key, stored);
      }
      return;
    }
    long deadline = Ttls.deadline(ttl, clock.millis());
    if (live != null) {
      updateUntil(outcome, key, live, stored, deadline);
    } else {
      createUntil(outcome, key, stored, deadline);
    }
  }

  /** Records the removal of a live entry. Counts a removal and records REMOVED. */
  void removed(Outcome<K, V> outcome, K key, Holder<V> live) {
    outcome.removals++;
    if (events.wants(EventType.REMOVED)) {
      outcome.add(events.event(EventType.REMOVED, key, live.value(), live.value()));
    }
    outcome.drop();
  }

  /** Applies the policy's answer for a read of a live entry inside a step (a new deadline, if any). */
  void accessed(Outcome<K, V> outcome, Holder<V> live) {
    long deadline = liveness.onAccess(outcome.now);
    if (deadline != ExpiryCalculator.UNCHANGED && deadline != live.deadline()) {
      outcome.renew(live.value(), deadline);
    }
  }

  /** A read outside any step renewed an entry: tells the store (a persistent one writes it later). */
  void accessedUnlocked(K key, Holder<V> entry) {
    long before = entry.deadline();
    if (liveness.read(entry) && entry.deadline() != before) {
      store.renewed(key, entry);
    }
  }

  /** Writes through, if write-through is on. */
  void writeThrough(K key, V value) {
    if (writer != null) {
      writer.write(new LarderEntry<>(key, value));
    }
  }

  /** Deletes through, if write-through is on. */
  void deleteThrough(Object key) {
    if (writer != null) {
      writer.delete(key);
    }
  }

  // ---------------------------------------------------------------- after the step

  /** Hands an outcome's events to asynchronous listeners; called while the key is held. */
  void publishAsync(Outcome<K, V> outcome) {
    if (outcome.events != null) {
      events.publishAsync(outcome.events);
    }
  }

  /** After the step: counts statistics, notes deadlines, and delivers to synchronous listeners. */
  void finish(Outcome<K, V> outcome) {
    if (statisticsEnabled) {
      count(outcome);
    }
    if (outcome.deadline != Deadlines.NEVER) {
      sweeper.noteDeadline(outcome.deadline);
    }
    outcome.deliverSync();
  }

  private void count(Outcome<K, V> outcome) {
    if (outcome.hits != 0) {
      stats.hits(outcome.hits);
    }
    if (outcome.misses != 0) {
      stats.misses(outcome.misses);
    }
    if (outcome.puts != 0) {
      stats.puts(outcome.puts);
    }
    if (outcome.removals != 0) {
      stats.removals(outcome.removals);
    }
  }

  /** Counts an entry the store evicted to respect its size bound (no event: JSR-107 has none). */
  private void evicted(K key, Holder<V> entry) {
    if (statisticsEnabled) {
      stats.evictions(1);
    }
  }

  // ---------------------------------------------------------------- StoreExpiry: rows the store expired

  @Override
  public boolean wantsEntries() {
    return events.wants(EventType.EXPIRED);
  }

  @Override
  public void expired(K key, Holder<V> entry) {
    Outcome<K, V> outcome = new Outcome<>(this, null, 0);
    expired(outcome, key, entry);
    publishAsync(outcome);
    outcome.deliverSync();
  }

  @Override
  public boolean wantsChanges(EventType type) {
    return events.wants(type);
  }

  /** A change another instance made (shared mode): to every listener that wants it, sync ones included. */
  @Override
  public void changedElsewhere(EventType type, K key, V value, V oldValue) {
    Outcome<K, V> outcome = new Outcome<>(this, null, 0);
    outcome.add(events.event(type, key, value, oldValue));
    publishAsync(outcome);
    outcome.deliverSync();
  }

  // ---------------------------------------------------------------- checks

  /**
   * Checks a key and value before anything is written: configured types, then size limits.
   *
   * @throws ClassCastException if a type does not match the cache's configured type
   * @throws SizeLimitExceededException if the key or value is larger than allowed
   */
  void checkEntry(Object key, Object value) {
    if (keyType != null && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache '" + name + "' holds keys of type " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
    if (maxKeyBytes != LarderConfiguration.UNLIMITED) {
      long size = EncodedSize.of(key);
      if (size > maxKeyBytes) {
        throw new SizeLimitExceededException(name, "key", key, size, maxKeyBytes);
      }
    }
    checkValue(key, value);
  }

  /** Checks a value before it is written: its type, its size, then that the store can hold it. */
  void checkValue(Object key, Object value) {
    if (valueType != null && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache '" + name + "' holds values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
    if (maxValueBytes != LarderConfiguration.UNLIMITED) {
      long size = EncodedSize.of(value);
      if (size > maxValueBytes) {
        throw new SizeLimitExceededException(name, "value", key, size, maxValueBytes);
      }
    }
    store.check(key, value);
  }

  // ---------------------------------------------------------------- copies

  /** Returns a value the caller may keep: a copy for store-by-value caches. */
  V out(V stored) {
    return stored == null ? null : copier.copy(stored);
  }

  /** Returns a key the caller may keep: a copy for store-by-value caches. */
  K outKey(K stored) {
    return copier.copy(stored);
  }

  /**
   * Returns the form of a value the store keeps: a copy for store-by-value caches.
   *
   * @throws IllegalArgumentException naming the cache, the key and the type if it cannot be copied
   */
  V in(Object key, V value) {
    try {
      return copier.copy(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cache '" + name + "' cannot store the value for key "
          + dev.larder.engine.Keys.abbreviate(key) + " (a " + value.getClass().getName() + "): " + e.getMessage(), e);
    }
  }

  /** Returns the form of a key the store keeps. */
  K inKey(K key) {
    return copier.copy(key);
  }

  // ---------------------------------------------------------------- maintenance and lifecycle

  /**
   * One bounded background cycle: the store's housekeeping, then the sweep of expired entries.
   *
   * @param budget the fewest entries a cycle of a sweep pass visits
   * @return the number of entries the sweep expired
   */
  int maintain(int budget) {
    synchronized (maintenanceLock) {
      if (closed) {
        return 0;
      }
      return store.maintain() + sweeper.sweep(budget);
    }
  }

  /**
   * Releases what the cache owns: waits for a maintenance cycle under way, stops event delivery,
   * closes the loader, writer and expiry policy if they are {@link AutoCloseable} (a failure is
   * logged, not thrown), then closes the store.
   */
  void close() {
    synchronized (maintenanceLock) {
      closed = true;
    }
    sweeper.close();
    events.close();
    closeQuietly(loading == null ? null : loading.loader());
    closeQuietly(writer == null ? null : writer.writer());
    closeQuietly(expiry.policy());
    store.close();
  }

  private static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
      }
    }
  }

  // ---------------------------------------------------------------- statistics timers

  /**
   * Starts timing a single-key operation for statistics, one call in {@value #TIMING_SAMPLE}
   * (chosen at random): {@code System.nanoTime()}, or 0 if this call is not timed or statistics
   * are off. The stop methods scale what they add by the sample, so the average times stay
   * unbiased estimates without two clock reads on every call.
   */
  long startTimer() {
    return timingEnabled && stats.sampleTimer(TIMING_SAMPLE) ? System.nanoTime() : 0;
  }

  /** Starts timing a bulk operation (every call): {@code System.nanoTime()}, or 0 while statistics are off. */
  long startBulkTimer() {
    return timingEnabled ? System.nanoTime() : 0;
  }

  /** Adds the time since {@code start} (of {@link #startTimer}), scaled, to the get time, unless it is 0. */
  void stopGetTimer(long start) {
    if (start != 0) {
      stats.getTime((System.nanoTime() - start) * TIMING_SAMPLE);
    }
  }

  /** Adds the time since {@code start} (of {@link #startTimer}), scaled, to the put time, unless it is 0. */
  void stopPutTimer(long start) {
    if (start != 0) {
      stats.putTime((System.nanoTime() - start) * TIMING_SAMPLE);
    }
  }

  /** Adds the time since {@code start} (of {@link #startTimer}), scaled, to the remove time, unless it is 0. */
  void stopRemoveTimer(long start) {
    if (start != 0) {
      stats.removeTime((System.nanoTime() - start) * TIMING_SAMPLE);
    }
  }
}
