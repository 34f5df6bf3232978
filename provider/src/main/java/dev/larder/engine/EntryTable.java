package dev.larder.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Larder's in-memory engine: a concurrent hash table of {@link Holder entries} with expiry
 * deadlines and an optional size bound.
 *
 * <h2>Concurrency</h2>
 * The table is a {@link ConcurrentHashMap}. Reads take no lock and write nothing (unless the table
 * is bounded, see below), so a hit costs one hash lookup plus what the layer above adds. Every
 * change of a key is a {@link Step}: the step decides under the key's lock, and what it decides is
 * applied in the same atomic step. Two kinds of lock exist. {@link #apply} runs the step inside
 * {@link ConcurrentHashMap#compute}, under the lock of the key's hash bin: the cheapest, but the
 * bin is shared with other keys, so the step must not block. {@link #applyExclusive} (and
 * {@link #lock}/{@link #unlock} for stores that commit elsewhere in between) first puts a {@link
 * KeyLock} marker under the key, releases the bin, runs the step — which may now block on I/O or
 * user code — and finally installs the result: other keys never wait for it, readers see the old
 * entry until the step publishes the new one, and other steps on the key wait for the lock.
 *
 * <p>In-flight computations live in the table as {@link Flight} markers (single flight): a write,
 * removal, clear or eviction replaces or drops the flight, so the computation's result, stored
 * only if its flight is still in place, never overwrites a newer change.
 *
 * <h2>Entries</h2>
 * Each mapping's value is a {@link Holder} (value and deadline). A table created with {@code bare}
 * (the JCache layer does so for caches with an eternal policy) stores entries whose deadline is
 * {@link Deadlines#NEVER} as the bare value instead, saving an object per entry and a dependent
 * load per read; {@link #peek} returns what is stored, while {@link #get}, {@link #compute} and the
 * iterators hand out holders (fresh ones around bare values). Holders are normally replaced as a
 * whole; a step that sets a new value over a live entry may update the current holder in place
 * under the bin lock (see {@link Holder}). Markers are never evicted nor visited by expiry passes.
 *
 * <h2>Expiry</h2>
 * Each entry carries an absolute deadline in milliseconds of the injected {@link Clock}; eternal
 * entries use {@link Deadlines#NEVER}, so the read path of an eternal cache never reads a clock.
 * For finite deadlines, readers compare against {@link Clock#recentMillis()}, a value a daemon
 * thread refreshes every 10 ms, and read the exact clock only when the deadline is within a second
 * ({@link Clock#isBefore}): a one-hour TTL costs a load and a subtraction per read. The table
 * itself never removes an expired entry on a read: the layer above decides in a step, so it can
 * report the expiry exactly once. Untouched expired entries are reclaimed in the background by an
 * {@link ExpirySweeper}, which walks the table with a persistent cursor ({@link #visit}) only once
 * the earliest deadline it knows of has passed (see there).
 *
 * <h2>Eviction</h2>
 * A bounded table ({@code maximumSize > 0}) approximates "evict the entry least likely to be used
 * again" with <em>sampled TinyLFU</em>, kept in its {@link SizeBound}: a {@link FrequencySketch}
 * estimates how often each key was read or written recently; when a write makes the table exceed
 * its bound, the writer samples {@value SizeBound#SAMPLE} entries from a cursor that walks the
 * table in hash order (a pseudo-random order unrelated to access) and takes the one with the
 * lowest estimated frequency as the victim. New keys pass through a small admission window first
 * and then stay only if strictly more frequent than the victim, which keeps one-off scans and
 * loops larger than the cache from flushing a hot working set. Sampling instead of LRU/LFU lists
 * keeps the read path free of list maintenance and the per-entry overhead at zero (Redis uses
 * sampled eviction for the same reasons). Reads record their key in a striped, lossy buffer that
 * is drained into the sketch in batches under a try-lock, so a bounded read writes no line that
 * other threads write; the window's size and the sketch's aging adapt by hill climbing on the hit
 * ratio, and keys whose hash codes collide are counted apart, so a HashDoS flood of one hash
 * code does not look popular (see {@link SizeBound}). The bound is exceeded only transiently, by at most the number
 * of threads inserting at the same moment, and markers (computations in flight, keys held by
 * exclusive steps) do not count against it: they evict nothing, and are never evicted. Evictions
 * are reported to the listener given at construction, never as removals, on the thread that wrote.
 *
 * <p>Sources (ideas only, no code): Caffeine's design notes and TinyLFU paper (Einziger et al.);
 * Redis' approximated LRU/LFU eviction; cache2k's notes on lock-free reads.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class EntryTable<K, V> {

  /** Values are {@link Holder}s, or bare values (see {@link #bare}). */
  private final ConcurrentHashMap<K, Object> map = new ConcurrentHashMap<>();
  /**
   * Whether an entry that never expires is stored as its bare value, without a {@code Holder}:
   * saves an object per entry and a dependent memory load per read. Only for tables whose
   * deadlines, once {@link Deadlines#NEVER}, never change in place (an eternal expiry policy).
   */
  private final boolean bare;
  /** The bound and its eviction policy, or {@code null} if the table is unbounded. */
  private final SizeBound<K> bound;
  private final BiConsumer<K, Holder<V>> evictionListener;
  /** Used by one visitor at a time (the maintenance thread or a test). */
  private Iterator<Map.Entry<K, Object>> sweepCursor;

  /** Creates an empty, unbounded table. */
  public EntryTable() {
    this(0, (k, h) -> { }, false);
  }

  /**
   * Creates an empty table.
   *
   * @param maximumSize the largest number of entries, or 0 for no bound
   * @param evictionListener told of each entry evicted to respect the bound (after its removal,
   *     outside any lock of the table); must be fast and must not throw
   */
  public EntryTable(long maximumSize, BiConsumer<K, Holder<V>> evictionListener) {
    this(maximumSize, evictionListener, false);
  }

  /**
   * Creates an empty table, optionally storing entries that never expire without a holder.
   *
   * @param maximumSize the largest number of entries, or 0 for no bound
   * @param evictionListener told of each entry evicted to respect the bound
   * @param bare {@code true} to store entries whose deadline is {@link Deadlines#NEVER} as bare
   *     values; only allowed if no caller ever moves a {@code NEVER} deadline in place (the
   *     {@code Holder}s handed out for such entries are fresh copies)
   */
  public EntryTable(long maximumSize, BiConsumer<K, Holder<V>> evictionListener, boolean bare) {
    this.bare = bare;
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize " + maximumSize);
    }
    this.bound = maximumSize > 0 ? new SizeBound<>(map, this, maximumSize) : null;
    this.evictionListener = Objects.requireNonNull(evictionListener, "evictionListener");
  }

  /**
   * Returns the entry stored for a key, expired or not, without any lock. A marker is returned as
   * it is (it reads as the entry it stands in for, or as absent).
   *
   * @param key the key, not {@code null}
   * @return the entry, or {@code null} if there is none
   */
  public Holder<V> get(Object key) {
    return wrap(peek(key));
  }

  /**
   * Returns what is stored for a key without any lock: a {@link Holder} (a marker included), or,
   * in a table that stores eternal entries bare, the value itself (never itself a {@code Holder}),
   * which is then live. The read path of a store uses this to skip the holder.
   *
   * @param key the key, not {@code null}
   * @return a {@code Holder}, a bare value, or {@code null} if nothing is stored
   */
  public Object peek(Object key) {
    Object holder = map.get(key);
    SizeBound<K> b = bound;
    if (b != null) {
      b.read(key, holder != null);
    }
    return holder;
  }

  /**
   * Runs a step that cannot block under the lock of the key's hash bin: {@link Step#decide},
   * the change, and {@link Step#committed}, as one atomic update. If another thread holds the key
   * with an exclusive step, this waits for it and starts over; if this thread holds it, the step
   * runs as a nested exclusive step. Then evicts if the table has grown beyond its bound.
   *
   * @param key the key, not {@code null}; stored as given if the key is new
   * @param step what to do; must not block or use this table
   */
  public void apply(K key, Step<K, V> step) {
    while (true) {
      step.blockedBy = null;
      Object stored = map.compute(key, (k, raw) -> {
        if (raw instanceof KeyLock<?> held) {
          step.blockedBy = held;
          return raw;
        }
        step.runDecide(k, wrap(raw));
        Object next = applied(raw, step);
        step.runCommitted(k);
        return next;
      });
      KeyLock<?> blocked = step.blockedBy;
      if (blocked == null) {
        written(key, stored);
        return;
      }
      if (blocked.owner == Thread.currentThread()) {
        applyExclusive(key, step);
        return;
      }
      blocked.await();
    }
  }

  /**
   * Runs a step that may block, holding only this key: {@link #lock}, {@link Step#decide}, {@link
   * #publish}, {@link Step#committed}, {@link #unlock}. If the step throws before it published,
   * the key is left as it was.
   *
   * @param key the key, not {@code null}
   * @param step what to do; may block and may use this table for other keys (or, from the same
   *     thread, for this key)
   */
  public void applyExclusive(K key, Step<K, V> step) {
    KeyLock<V> lock = lock(key);
    try {
      step.runDecide(key, current(lock));
      publish(lock, step);
      step.runCommitted(key);
    } finally {
      unlock(lock);
    }
  }

  /**
   * Holds a key for an exclusive step: puts a {@link KeyLock} in its place, or, if the calling
   * thread holds it already, enters it again. Waits while another thread holds the key.
   *
   * @param key the key, not {@code null}
   * @return the lock, to pass to {@link #current}, {@link #publish} and finally {@link #unlock}
   * @throws IllegalStateException if waiting would close a cycle of waits (see {@link KeyLock})
   */
  @SuppressWarnings("unchecked")
  public KeyLock<V> lock(K key) {
    Thread me = Thread.currentThread();
    while (true) {
      Object now = map.compute(key, (k, raw) -> raw instanceof KeyLock<?> ? raw : new KeyLock<>(k, raw, wrap(raw)));
      KeyLock<V> lock = (KeyLock<V>) now;
      if (lock.owner == me) {
        lock.depth++;
        return lock;
      }
      lock.await();
    }
  }

  /**
   * Holds a key unless another thread holds it.
   *
   * @return the lock, or {@code null} if another thread holds the key
   */
  @SuppressWarnings("unchecked")
  private KeyLock<V> tryLock(K key) {
    Thread me = Thread.currentThread();
    Object now = map.compute(key, (k, raw) -> raw instanceof KeyLock<?> ? raw : new KeyLock<>(k, raw, wrap(raw)));
    KeyLock<V> lock = (KeyLock<V>) now;
    if (lock.owner != me) {
      return null;
    }
    lock.depth++;
    return lock;
  }

  /**
   * Holds several keys for the calling thread, in an order every thread uses (by hash), so two
   * batches over the same keys cannot deadlock each other; keys whose hashes tie are taken without
   * waiting, and if one is busy all are released and the batch starts over.
   *
   * @param keys the keys
   * @return the locks, to release with {@link #unlock}
   * @throws IllegalStateException if waiting would close a cycle of waits
   */
  public List<KeyLock<V>> lockAll(Collection<K> keys) {
    List<K> ordered = new ArrayList<>(keys);
    ordered.sort(Comparator.comparingInt(Object::hashCode));
    while (true) {
      List<KeyLock<V>> held = new ArrayList<>(ordered.size());
      K busy = null;
      try {
        for (int i = 0; i < ordered.size(); i++) {
          K key = ordered.get(i);
          if (i > 0 && ordered.get(i - 1).hashCode() == key.hashCode()) {
            KeyLock<V> lock = tryLock(key);
            if (lock == null) {
              busy = key;
              break;
            }
            held.add(lock);
          } else {
            held.add(lock(key));
          }
        }
      } catch (RuntimeException | Error e) {
        unlockAll(held);
        throw e;
      }
      if (busy == null) {
        return held;
      }
      unlockAll(held);
      unlock(lock(busy)); // wait until the busy key is free, then start over
    }
  }

  /**
   * Releases locks taken by {@link #lockAll}, last taken first.
   *
   * @param locks the locks
   */
  public void unlockAll(List<KeyLock<V>> locks) {
    for (int i = locks.size() - 1; i >= 0; i--) {
      unlock(locks.get(i));
    }
  }

  /**
   * Holds a key for an exclusive step only if nothing is stored under it and nobody holds it.
   *
   * @param key the key, not {@code null}
   * @return the lock, or {@code null} if the key has an entry or a marker
   */
  public KeyLock<V> lockIfAbsent(K key) {
    KeyLock<V> lock = new KeyLock<>(key, null, null);
    if (map.putIfAbsent(key, lock) != null) {
      return null;
    }
    lock.depth = 1;
    return lock;
  }

  /**
   * Returns the entry a step under a lock works on: what the key held when it was locked, with
   * the changes the lock's owner published since.
   *
   * @param lock a lock held by the calling thread
   * @return the current entry or marker, or {@code null}
   */
  public Holder<V> current(KeyLock<V> lock) {
    return wrap(lock.next);
  }

  /**
   * Makes a step's change visible under a held lock: readers see the new entry from now on, and
   * {@link #unlock} installs it. A change that is not {@link Step.Change#KEEP} marks the key known.
   *
   * @param lock a lock held by the calling thread
   * @param step a step whose {@code decide} has run
   */
  public void publish(KeyLock<V> lock, Step<K, V> step) {
    switch (step.change()) {
      case KEEP -> {
        return;
      }
      case SET -> {
        lock.next = pack(new Holder<>(step.value(), step.deadline()));
        lock.update(step.value(), step.deadline());
      }
      case REMOVE -> {
        lock.next = null;
        lock.deadline(Holder.ABSENT);
      }
      case FLIGHT, ABANDON -> {
        Flight<V> flight = step.flight();
        Object next = step.change() == Step.Change.FLIGHT ? flight : flight.over();
        lock.next = next;
        Holder<V> visible = wrap(next);
        if (visible == null || visible.value() == null) {
          lock.deadline(Holder.ABSENT);
        } else {
          lock.update(visible.value(), visible.deadline());
        }
      }
    }
    lock.known = true;
  }

  /**
   * Installs an entry read from a store's authority (a fault-in) under a held lock, as if it had
   * been in memory all along.
   *
   * @param lock a lock held by the calling thread, not yet {@linkplain KeyLock#isKnown known}
   * @param loaded the entry read, or {@code null} if the authority has none
   */
  public void publishLoaded(KeyLock<V> lock, Holder<V> loaded) {
    lock.known = true;
    if (loaded != null) {
      lock.next = pack(loaded);
      lock.update(loaded.value(), loaded.deadline());
    }
  }

  /**
   * Releases a lock once its owner is done with it; the last release of a nested lock installs
   * what was published (or restores the key's entry if nothing was) and wakes the waiting steps.
   *
   * @param lock a lock held by the calling thread
   */
  @SuppressWarnings("unchecked")
  public void unlock(KeyLock<V> lock) {
    if (--lock.depth > 0) {
      return;
    }
    Object next = lock.next;
    K key = (K) lock.key;
    Object[] installed = new Object[1];
    map.computeIfPresent(key, (k, raw) -> {
      if (raw != lock) {
        return raw; // cleared meanwhile
      }
      installed[0] = next;
      return next;
    });
    lock.release();
    written(key, installed[0]);
  }

  /** What a step's change makes of the stored object (under the bin lock). */
  private Object applied(Object raw, Step<K, V> step) {
    switch (step.change()) {
      case KEEP:
        return raw;
      case SET:
        V value = step.value();
        long deadline = step.deadline();
        if (bare && deadline == Deadlines.NEVER && !(value instanceof Holder)) {
          return value;
        }
        if (step.inPlace() && raw instanceof Holder<?> h && !h.isPending()) {
          @SuppressWarnings("unchecked")
          Holder<V> live = (Holder<V>) h;
          live.update(value, deadline);
          return live;
        }
        return pack(new Holder<>(value, deadline));
      case REMOVE:
        return null;
      case FLIGHT:
        return step.flight();
      case ABANDON:
        return raw == step.flight() ? step.flight().over() : raw;
      default:
        throw new IllegalStateException("unknown change " + step.change());
    }
  }

  /** After a key's step: records the write and evicts if the table grew beyond its bound. */
  private void written(K key, Object stored) {
    // a marker is no entry: it evicts nothing (the bound holds again once its result is stored)
    if (bound != null && stored != null && !isMarker(stored)) {
      bound.written(key, stored);
    }
  }

  /** The form a holder is stored in: bare if eternal (and bare storage is on), else itself. */
  private Object pack(Holder<V> holder) {
    if (holder == null || !bare || holder.deadline() != Deadlines.NEVER) {
      return holder;
    }
    V value = holder.value();
    return value instanceof Holder ? holder : value; // a user's Holder value keeps its wrapper
  }

  /** The holder for what is stored: itself, or a fresh one around a bare value. */
  @SuppressWarnings("unchecked")
  private Holder<V> wrap(Object stored) {
    if (stored == null || stored instanceof Holder) {
      return (Holder<V>) stored;
    }
    return new Holder<>((V) stored, Deadlines.NEVER);
  }

  private static boolean isMarker(Object stored) {
    return stored instanceof Pending<?>;
  }

  /**
   * Visits up to {@code budget} entries, expired or not, continuing from a persistent cursor: a
   * call that reaches the end of the table stops there, the next one starts over. Markers count
   * towards the budget but are not handed to the visitor. Meant for one background visitor at a
   * time (expiry passes).
   *
   * @param budget the most entries to visit
   * @param visitor receives each key and entry visited
   * @return the number of entries visited, fewer than {@code budget} once the end is reached
   */
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    int visited = 0;
    boolean restarted = false;
    while (visited < budget) {
      if (sweepCursor == null || !sweepCursor.hasNext()) {
        if (restarted || visited > 0) {
          break;
        }
        sweepCursor = map.entrySet().iterator();
        restarted = true;
        if (!sweepCursor.hasNext()) {
          break;
        }
      }
      Map.Entry<K, Object> e = sweepCursor.next();
      visited++;
      if (!isMarker(e.getValue())) {
        visitor.accept(e.getKey(), wrap(e.getValue()));
      }
    }
    return visited;
  }

  /**
   * Evicts a mapping if it still holds this very object (identity, unlike {@code
   * Map.remove(key, value)}, which compares bare values with {@code equals}), and tells the
   * eviction listener. Called by the {@link SizeBound} under its lock.
   *
   * @return whether the mapping was evicted
   */
  boolean evictExactly(K key, Object expected) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (current != expected) {
        return current;
      }
      removed[0] = true;
      return null;
    });
    if (removed[0]) {
      evictionListener.accept(key, wrap(expected));
    }
    return removed[0];
  }

  /**
   * Returns the bound on the number of entries.
   *
   * @return the largest number of entries, or 0 if unbounded
   */
  public long maximumSize() {
    return bound == null ? 0 : bound.maximumSize();
  }

  /** For tests: the bound's frequency estimate for a key (0 if the table is unbounded). */
  int frequency(Object key) {
    return bound == null ? 0 : bound.frequency(key);
  }

  /** For tests: one access in so many is recorded by the bound (0 if unbounded). */
  int sampleEvery() {
    return bound == null ? 0 : bound.sampleEvery();
  }

  /**
   * Returns the number of stored entries, expired ones and markers included.
   *
   * @return the number of mappings
   */
  public int size() {
    return map.size();
  }

  /**
   * Removes every entry and flight. Keys held by exclusive steps stay held: each step installs
   * its own result when it ends, as a write that came after the clear.
   */
  public void clear() {
    map.values().removeIf(stored -> !(stored instanceof KeyLock<?>));
  }

  /**
   * Returns a weakly consistent iterator over all mappings, expired ones included.
   *
   * @return an iterator that never throws {@link java.util.ConcurrentModificationException}
   */
  public Iterator<Map.Entry<K, Holder<V>>> iterator() {
    Iterator<Map.Entry<K, Object>> raw = map.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return raw.hasNext();
      }

      @Override
      public Map.Entry<K, Holder<V>> next() {
        Map.Entry<K, Object> e = raw.next();
        return Map.entry(e.getKey(), wrap(e.getValue()));
      }

      @Override
      public void remove() {
        raw.remove();
      }
    };
  }
}
