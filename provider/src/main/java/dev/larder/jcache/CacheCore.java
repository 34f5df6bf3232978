package dev.larder.jcache;

import dev.larder.LarderConfiguration;
import dev.larder.SizeLimitExceededException;
import dev.larder.copy.Copier;
import dev.larder.copy.EncodedSize;
import dev.larder.engine.Clock;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.event.EventDispatcher;
import dev.larder.expiry.ExpiryCalculator;
import dev.larder.integration.Loading;
import dev.larder.integration.WriteThrough;
import dev.larder.management.ActivityCounters;
import dev.larder.management.StatisticsCounters;
import dev.larder.store.Store;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.event.EventType;

/**
 * A cache's internals, shared by the classes that carry out its operations: the store, the clock,
 * the expiry policy, the copier, the loader and writer, the listeners and the statistics, plus
 * the steps every operation is built from (create, update, remove, expire an entry under the key's
 * lock; then publish and count).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheCore<K, V> {

  private static final Logger LOG = Logger.getLogger(CacheCore.class.getName());

  final String name;
  final Store<K, V> store;
  final Clock clock;
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
  /** Whether deadlines may be computed from the clock's recent reading (long built-in durations). */
  private final boolean recentOk;
  /**
   * No entry can expire before this time ({@link Deadlines#NEVER} while no entry has a finite
   * deadline): background expiry starts a pass over the table only once it is reached. Writers
   * lower it after their entry is in the table; a pass resets it before it starts and lowers it
   * to the earliest deadline it saw.
   */
  private final AtomicLong nextDue = new AtomicLong(Deadlines.NEVER);
  /** One sweeper at a time: the maintenance thread or a caller of {@code runMaintenance}. */
  private final Object maintenanceLock = new Object();
  /** Whether a pass over the table is under way. Guarded by {@link #maintenanceLock}. */
  private boolean passing;
  /** The earliest deadline of the live entries the current pass visited. Guarded likewise. */
  private long passEarliest;
  /** When the last pass started. Guarded likewise. */
  private long passStart = Long.MIN_VALUE;
  /** The configured key and value types, or {@code null} where any object is accepted. */
  private final Class<?> keyType;
  private final Class<?> valueType;
  private final int maxKeyBytes;
  private final int maxValueBytes;

  CacheCore(String name, LarderConfiguration<K, V> config, Store<K, V> store, Clock clock, ExpiryCalculator expiry,
      Copier copier, Loading<K, V> loading, WriteThrough<K, V> writer, EventDispatcher<K, V> events) {
    this.name = name;
    this.keyType = config.getKeyType() == Object.class ? null : config.getKeyType();
    this.valueType = config.getValueType() == Object.class ? null : config.getValueType();
    this.maxKeyBytes = config.getMaxKeyBytes();
    this.maxValueBytes = config.getMaxValueBytes();
    boolean readThrough = config.isReadThrough();
    this.store = store;
    this.clock = clock;
    this.expiry = expiry;
    this.copier = copier;
    this.loading = loading;
    this.readThrough = readThrough && loading != null;
    this.writer = writer;
    this.events = events;
    this.recentOk = expiry.toleratesRecentClock();
    if (store.size() != 0) {
      // a reopened persistent store may hold entries that expired while the process was down
      noteDeadline(0);
    }
  }

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

  static boolean isLive(Holder<?> entry, long now) {
    return entry != null && !entry.isExpired(now);
  }

  /**
   * The read path's liveness check and access renewal in one: tells whether an entry found by a
   * lock-free read is live and, if the policy renews on access, moves its deadline.
   *
   * <p>Costs by configuration: an eternal entry reads no clock; a far deadline (more than a second
   * ahead of the recent clock reading) reads only {@link Clock#recentMillis()}; a deadline near
   * that reading is checked against the exact clock. A renewing policy with long constant durations
   * computes the new deadline from the recent reading and writes it only if it changed, so most
   * reads within the same 10 ms tick write nothing.
   */
  boolean readLive(K key, Holder<V> entry) {
    long deadline = entry.deadline();
    if (!expiry.renewsOnAccess()) {
      return clock.isBefore(deadline);
    }
    long now = recentOk ? clock.recentMillis() : clock.millis();
    if (deadline != Deadlines.NEVER && deadline - now <= Clock.RECENT_SLACK_MILLIS) {
      now = clock.millis();
      if (deadline <= now) {
        return false;
      }
    }
    long next = expiry.onAccess(now);
    if (next != ExpiryCalculator.UNCHANGED && next != deadline) {
      entry.deadline(next);
      noteDeadline(next);
      store.renewed(key, entry);
    }
    return true;
  }

  /**
   * Returns the time a write computes deadlines from: the recent clock reading when the policy's
   * durations are long enough for its lag not to matter, else the exact clock.
   */
  long writeNow() {
    return recentOk ? clock.recentMillis() : clock.millis();
  }

  /** Tells whether an entry seen under its key's lock is live, as of a time from {@link #writeNow()}. */
  boolean isLiveAt(Holder<V> entry, long now) {
    if (entry == null) {
      return false;
    }
    long deadline = entry.deadline();
    return deadline - now > Clock.RECENT_SLACK_MILLIS || deadline > clock.millis();
  }

  /**
   * Remembers that an entry has this deadline, so background expiry starts a pass by then. Called
   * once the entry (or its moved deadline) is visible in the store: under the key's lock use
   * {@link Outcome#noteDeadline} instead, which {@link #finish} hands over here.
   */
  void noteDeadline(long deadline) {
    long due = nextDue.get();
    while (deadline < due && !nextDue.compareAndSet(due, deadline)) {
      due = nextDue.get();
    }
  }

  /**
   * One bounded cycle of background expiry: visits up to {@code budget} entries and expires those
   * whose deadline has passed, exactly as an operation on their key would (an EXPIRED event to
   * interested listeners, no removal counted).
   *
   * <p>Work is done in <em>passes</em> over the whole table. A pass starts only when the earliest
   * deadline known ({@link #nextDue}) has been reached, or {@value #SAFETY_PASS_MILLIS} ms after
   * the previous one while any entry may expire; so a cache of long-lived entries is not scanned
   * at all between deadlines, and an eternal cache never. A started pass visits at least
   * {@code budget} entries per cycle and at least a {@value #PASS_CYCLES}th of the table, so it
   * ends within {@value #PASS_CYCLES} cycles: with the timekeeper's ten cycles a second, an
   * untouched entry is expired (and its EXPIRED event sent) at most about half a second after its
   * deadline. Called by the timekeeper thread; tests call it directly with a manual clock.
   *
   * @param budget the fewest entries a cycle of a pass visits
   * @return the number of entries expired
   */
  int maintain(int budget) {
    store.maintain();
    if (nextDue.get() == Deadlines.NEVER && !passing) {
      return 0;
    }
    synchronized (maintenanceLock) {
      long now = clock.millis();
      if (!passing) {
        long due = nextDue.get();
        if (due == Deadlines.NEVER || now < due && now - passStart < SAFETY_PASS_MILLIS) {
          return 0;
        }
        // reset before visiting: a deadline written after this is noted again by its writer
        nextDue.set(Deadlines.NEVER);
        passing = true;
        passEarliest = Deadlines.NEVER;
        passStart = now;
      }
      int quota = (int) Math.max(budget, Math.min(Integer.MAX_VALUE, store.size() / PASS_CYCLES + 1));
      int[] expired = new int[1];
      int visited = store.visit(quota, (key, seen) -> {
        long deadline = seen.deadline();
        if (deadline <= now) {
          if (expireIfSame(key, seen, now)) {
            expired[0]++;
            return;
          }
          deadline = seen.deadline(); // written again meanwhile: its writer notes the new deadline
        }
        if (deadline < passEarliest) {
          passEarliest = deadline;
        }
      });
      if (visited < quota) {
        passing = false;
        noteDeadline(passEarliest);
      }
      return expired[0];
    }
  }

  /** A pass over the table ends within this many maintenance cycles. */
  static final int PASS_CYCLES = 4;
  /**
   * While any entry may expire, a pass starts at least this often even before the earliest known
   * deadline: a safety net for deadlines a failed write never reported.
   */
  static final long SAFETY_PASS_MILLIS = 10_000;

  /** Removes an entry found expired, if it is still the one stored; reports the expiry. */
  boolean expireIfSame(K key, Holder<V> seen, long now) {
    Outcome<K, V> outcome = new Outcome<>();
    boolean[] done = new boolean[1];
    store.compute(key, (k, current) -> {
      if (current != seen || !current.isExpired(now)) {
        return current;
      }
      done[0] = true;
      expired(outcome, k, current);
      publishAsync(outcome, 0);
      return null;
    });
    if (done[0]) {
      finish(outcome);
    }
    return done[0];
  }

  /** Counts an entry the store evicted to respect its size bound (no event: JSR-107 has none). */
  void evicted(K key, Holder<V> entry) {
    if (statisticsEnabled) {
      stats.evictions(1);
    }
  }

  /** Records the expiry of an entry found dead under the key's lock. */
  void expired(Outcome<K, V> outcome, K key, Holder<V> entry) {
    activity.expired(); // metrics hook: the one place every expiry passes
    if (events.wants(EventType.EXPIRED)) {
      outcome.add(events.event(EventType.EXPIRED, key, entry.value(), entry.value()));
    }
  }

  /**
   * Makes a new entry for a value (already in stored form) with the expiry policy's creation
   * deadline, or returns {@code null} if the policy says it is expired on creation. Counts a put
   * and records CREATED.
   */
  Holder<V> create(Outcome<K, V> outcome, K key, V stored, long now) {
    return createUntil(outcome, key, stored, expiry.onCreate(now), now);
  }

  /** Like {@link #create}, with a deadline chosen by the caller. */
  Holder<V> createUntil(Outcome<K, V> outcome, K key, V stored, long deadline, long now) {
    if (deadline <= now) {
      return null;
    }
    outcome.puts++;
    if (events.wants(EventType.CREATED)) {
      outcome.add(events.event(EventType.CREATED, key, stored, null));
    }
    outcome.noteDeadline(deadline);
    return new Holder<>(stored, deadline);
  }

  /** Makes the entry that replaces a live one, with the policy's update deadline. Counts a put and records UPDATED. */
  Holder<V> update(Outcome<K, V> outcome, K key, Holder<V> old, V stored, long now) {
    long deadline = expiry.onUpdate(now);
    return updateUntil(outcome, key, old, stored, deadline == ExpiryCalculator.UNCHANGED ? old.deadline() : deadline);
  }

  /** Like {@link #update}, with a deadline chosen by the caller. */
  Holder<V> updateUntil(Outcome<K, V> outcome, K key, Holder<V> old, V stored, long deadline) {
    outcome.puts++;
    if (events.wants(EventType.UPDATED)) {
      outcome.add(events.event(EventType.UPDATED, key, stored, old.value()));
    }
    long next = deadline == ExpiryCalculator.UNCHANGED ? old.deadline() : deadline;
    outcome.noteDeadline(next);
    return new Holder<>(stored, next);
  }

  /**
   * Like {@link #update}, but changes the live entry in place instead of making a new one (see
   * {@link Holder}): for {@code put}, whose callers read everything they need from the entry before.
   */
  Holder<V> updateInPlace(Outcome<K, V> outcome, K key, Holder<V> old, V stored, long now) {
    long deadline = expiry.onUpdate(now);
    outcome.puts++;
    if (events.wants(EventType.UPDATED)) {
      outcome.add(events.event(EventType.UPDATED, key, stored, old.value()));
    }
    long next = deadline == ExpiryCalculator.UNCHANGED ? old.deadline() : deadline;
    outcome.noteDeadline(next);
    old.update(stored, next);
    return old;
  }

  /** Records the removal of a live entry. Counts a removal and records REMOVED. */
  void removed(Outcome<K, V> outcome, K key, Holder<V> old) {
    outcome.removals++;
    if (events.wants(EventType.REMOVED)) {
      outcome.add(events.event(EventType.REMOVED, key, old.value(), old.value()));
    }
  }

  /**
   * Applies the expiry policy's answer for a read of a live entry, under the key's lock (the store
   * sees the moved deadline when the atomic step ends).
   */
  void accessed(Holder<V> entry, long now) {
    long deadline = expiry.onAccess(now);
    if (deadline != ExpiryCalculator.UNCHANGED) {
      entry.deadline(deadline);
      noteDeadline(deadline);
    }
  }

  /** {@link #accessed} for a read without the key's lock: also tells the store of a moved deadline. */
  void accessedUnlocked(K key, Holder<V> entry, long now) {
    long before = entry.deadline();
    accessed(entry, now);
    if (entry.deadline() != before) {
      store.renewed(key, entry);
    }
  }

  /** Writes through, if write-through is on. */
  void write(K key, V value) {
    if (writer != null) {
      writer.write(new LarderEntry<>(key, value));
    }
  }

  /** Deletes through, if write-through is on. */
  void delete(Object key) {
    if (writer != null) {
      writer.delete(key);
    }
  }

  /** Hands the events recorded since the last call to asynchronous listeners; under the key's lock. */
  void publishAsync(Outcome<K, V> outcome, int from) {
    List<dev.larder.event.LarderEntryEvent<K, V>> list = outcome.events;
    if (list != null && list.size() > from) {
      events.publishAsync(from == 0 ? list : list.subList(from, list.size()));
    }
  }

  /** After the lock is released: counts statistics and delivers events to synchronous listeners. */
  void finish(Outcome<K, V> outcome) {
    if (statisticsEnabled) {
      count(outcome);
    }
    if (outcome.deadline != Deadlines.NEVER) {
      noteDeadline(outcome.deadline);
    }
    events.publishSync(outcome.events);
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

  /** Returns a value the caller may keep: a copy for store-by-value caches. */
  V out(V stored) {
    return stored == null ? null : copier.copy(stored);
  }

  /** {@link #out} for a bare value from {@link Store#peek} (an eternal entry, live). */
  @SuppressWarnings("unchecked")
  V outBare(Object bare) {
    return copier.copy((V) bare);
  }

  /** Returns a key the caller may keep: a copy for store-by-value caches. */
  K outKey(K stored) {
    return copier.copy(stored);
  }

  /** Returns the form of a value the store keeps. */
  V in(V value) {
    return copier.copy(value);
  }

  /** Returns the form of a key the store keeps. */
  K inKey(K key) {
    return copier.copy(key);
  }

  /**
   * Releases what the cache owns: stops event delivery, closes the loader, writer and expiry policy
   * if they are {@link AutoCloseable} (a failure is logged, not thrown), then closes the store.
   */
  void close() {
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

  /** Starts timing an operation for statistics: {@code System.nanoTime()}, or 0 while JSR-107 statistics are off. */
  long startTimer() {
    return timingEnabled ? System.nanoTime() : 0;
  }

  /** Adds the time since {@code start} to the get time, unless {@code start} is 0. */
  void stopGetTimer(long start) {
    if (start != 0) {
      stats.getTime(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the put time, unless {@code start} is 0. */
  void stopPutTimer(long start) {
    if (start != 0) {
      stats.putTime(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the remove time, unless {@code start} is 0. */
  void stopRemoveTimer(long start) {
    if (start != 0) {
      stats.removeTime(System.nanoTime() - start);
    }
  }
}
