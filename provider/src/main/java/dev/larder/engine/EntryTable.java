package dev.larder.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Larder's in-memory engine: a concurrent hash table of {@link Holder entries} with expiry
 * deadlines and an optional size bound.
 *
 * <h2>Concurrency</h2>
 * The table is a {@link ConcurrentHashMap}. Reads take no lock and write nothing (unless the table
 * is bounded, see below), so a hit costs one hash lookup plus what the layer above adds. Every write
 * to a key goes through {@link #compute}, which runs the caller's function while holding that key's
 * bin lock, so each per-key operation of the JCache layer (conditional writes, write-through, entry
 * processors) is atomic without any cache-wide lock. Functions passed to {@code compute} must not
 * touch the same table again: that is the one rule the layers above follow.
 *
 * <h2>Entries</h2>
 * Each mapping's value is a {@link Holder} (value and deadline). A table created with {@code bare}
 * (the JCache layer does so for caches with an eternal policy) stores entries whose deadline is
 * {@link Deadlines#NEVER} as the bare value instead, saving an object per entry and a dependent
 * load per read; {@link #peek} returns what is stored, while {@link #get}, {@link #compute} and the
 * iterators hand out holders (fresh ones around bare values). Holders are normally replaced as a
 * whole; the JCache layer's {@code put} may update the current holder in place under the key's
 * lock (see {@link Holder}).
 *
 * <h2>Expiry</h2>
 * Each entry carries an absolute deadline in milliseconds of the injected {@link Clock}; eternal
 * entries use {@link Deadlines#NEVER}, so the read path of an eternal cache never reads a clock.
 * For finite deadlines, readers compare against {@link Clock#recentMillis()}, a value a daemon
 * thread refreshes every 10 ms, and read the exact clock only when the deadline is within a second
 * ({@link Clock#isBefore}): a one-hour TTL costs a load and a subtraction per read. The table
 * itself never removes an expired entry on a read: the layer above decides under the key's lock,
 * so it can report the expiry exactly once. Untouched expired entries are reclaimed in the
 * background: the layer above registers a maintenance task with {@link Timekeeper} (ten cycles a
 * second), which walks the table with a persistent cursor ({@link #visit}). The
 * walk is deadline-driven: the layer above keeps the earliest deadline any entry may have and
 * starts a pass only once it has passed; a pass visits a quarter of the table (at least a fixed
 * budget) per cycle, so it ends within four cycles and an untouched entry is reclaimed, and its
 * EXPIRED event sent, well within a second of its deadline. No operation ever pays for a scan, and
 * a cache whose entries all live for an hour is not scanned in between.
 *
 * <h2>Eviction</h2>
 * A bounded table ({@code maximumSize > 0}) approximates "evict the entry least likely to be used
 * again" with <em>sampled TinyLFU</em>: a {@link FrequencySketch} counts recent reads and writes
 * of every key (hits included, so reads of a bounded table do write to the sketch); when a write
 * makes the table exceed its bound, the writer takes the eviction lock, samples {@value
 * #SAMPLE} entries from a cursor that walks the table in hash order (a pseudo-random order
 * unrelated to access), and evicts the one with the lowest estimated frequency. The newly written
 * key must be at least as frequent as that victim to stay (admission, as in TinyLFU); otherwise it
 * is evicted itself, which keeps one-off scans from flushing a hot working set. Sampling instead of
 * LRU/LFU lists keeps the read path free of list maintenance and the per-entry overhead at zero
 * (Redis uses sampled eviction for the same reasons). Pure frequency loses to LRU when popularity
 * follows recency (new keys are the hot ones), so the sketch's aging period adapts by hill
 * climbing on the observed hit ratio ({@link #climb}): shorter periods make the counts follow
 * recent popularity, longer ones remember it (Caffeine adapts its window size for the same
 * reason). The bound is exceeded only transiently, by
 * at most the number of threads inserting at the same moment. Evictions are reported to the
 * listener given at construction, never as removals.
 *
 * <p>Sources (ideas only, no code): Caffeine's design notes and TinyLFU paper (Einziger et al.);
 * Redis' approximated LRU/LFU eviction; cache2k's notes on lock-free reads.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class EntryTable<K, V> {

  /** How many entries one eviction decision looks at. */
  static final int SAMPLE = 8;

  /** Values are {@link Holder}s, or bare values (see {@link #bare}). */
  private final ConcurrentHashMap<K, Object> map = new ConcurrentHashMap<>();
  /**
   * Whether an entry that never expires is stored as its bare value, without a {@code Holder}:
   * saves an object per entry and a dependent memory load per read. Only for tables whose
   * deadlines, once {@link Deadlines#NEVER}, never change in place (an eternal expiry policy).
   */
  private final boolean bare;
  private final long maximumSize;
  private final FrequencySketch sketch;
  private final BiConsumer<K, Holder<V>> evictionListener;
  private final ReentrantLock evictionLock = new ReentrantLock();
  /** Reads between two steps of {@link #climb}. */
  private final int climbPeriod;
  /** The sketch ages every {@code agingFactor × maximumSize} increments; adapted by {@link #climb}. */
  private int agingFactor = 10;
  private int climbDirection = -1;
  private int periodHits;
  private int periodReads;
  private double previousHitRate = -1;
  private static final int MAX_AGING_FACTOR = 16;
  /** Guarded by {@link #evictionLock}. */
  private Iterator<Map.Entry<K, Object>> evictionCursor;
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
    this.maximumSize = maximumSize;
    this.sketch = maximumSize > 0 ? new FrequencySketch(maximumSize) : null;
    this.climbPeriod = (int) Math.min(1 << 20, 5 * Math.max(maximumSize, 16));
    this.evictionListener = Objects.requireNonNull(evictionListener, "evictionListener");
  }

  /**
   * Returns the entry stored for a key, expired or not, without any lock.
   *
   * @param key the key, not {@code null}
   * @return the entry, or {@code null} if there is none
   */
  public Holder<V> get(Object key) {
    return wrap(peek(key));
  }

  /**
   * Returns what is stored for a key without any lock: a {@link Holder}, or, in a table that
   * stores eternal entries bare, the value itself (never itself a {@code Holder}), which is then
   * live. The read path of an eternal cache uses this to skip the holder.
   *
   * @param key the key, not {@code null}
   * @return a {@code Holder}, a bare value, or {@code null} if nothing is stored
   */
  public Object peek(Object key) {
    Object holder = map.get(key);
    if (sketch != null) {
      sketch.increment(key.hashCode());
      if (holder != null) {
        periodHits++;
      }
      if (++periodReads >= climbPeriod) {
        climb();
      }
    }
    return holder;
  }

  /**
   * Hill climbing on the sketch's aging period, once per {@link #climbPeriod} reads: if the hit
   * ratio of the period just ended is worse than the one before, the direction of change reverses;
   * if it is the same, nothing changes.
   * Shorter periods favour recency (recently popular keys win admission and eviction), longer
   * ones frequency. Racy plain fields: lost updates only blur the estimate of a heuristic.
   */
  private void climb() {
    double rate = (double) periodHits / Math.max(1, periodReads);
    periodHits = 0;
    periodReads = 0;
    if (rate == previousHitRate) {
      return; // nothing to learn (e.g. every read hits): stay
    }
    if (previousHitRate >= 0 && rate < previousHitRate) {
      climbDirection = -climbDirection;
    }
    previousHitRate = rate;
    agingFactor = Math.max(1, Math.min(MAX_AGING_FACTOR, agingFactor + climbDirection));
    sketch.agingPeriod((int) Math.min(Integer.MAX_VALUE, agingFactor * Math.max(maximumSize, 16)));
  }

  /**
   * Atomically replaces the entry for a key with what a function returns, then evicts if the
   * table has grown beyond its bound.
   *
   * @param key the key, not {@code null}; stored as given if the key is new
   * @param function receives the key and the current entry (or {@code null}) and returns the new
   *     entry, the same entry to leave it alone, or {@code null} to remove the mapping
   * @return the entry now stored, or {@code null}
   */
  public Holder<V> compute(K key, BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function) {
    Object stored = map.compute(key, (k, current) -> pack(function.apply(k, wrap(current))));
    if (sketch != null && stored != null) {
      sketch.increment(key.hashCode());
      if (map.mappingCount() > maximumSize) {
        evict(key, stored);
      }
    }
    return wrap(stored);
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

  private void evict(K candidateKey, Object candidate) {
    evictionLock.lock();
    try {
      int candidateFrequency = sketch.frequency(candidateKey.hashCode());
      boolean candidateConsidered = false;
      while (map.mappingCount() > maximumSize) {
        Map.Entry<K, Object> victim = sampleVictim();
        if (victim == null) {
          return;
        }
        K victimKey = victim.getKey();
        Object victimHolder = victim.getValue();
        if (!candidateConsidered && !victimKey.equals(candidateKey)) {
          candidateConsidered = true;
          if (candidateFrequency < sketch.frequency(victimKey.hashCode())) {
            victimKey = candidateKey;
            victimHolder = candidate;
          }
        }
        if (removeExactly(victimKey, victimHolder)) {
          evictionListener.accept(victimKey, wrap(victimHolder));
        }
      }
    } finally {
      evictionLock.unlock();
    }
  }

  /** Looks at up to {@link #SAMPLE} entries from the cursor and returns the least frequent one. */
  private Map.Entry<K, Object> sampleVictim() {
    Map.Entry<K, Object> best = null;
    int bestFrequency = Integer.MAX_VALUE;
    boolean restarted = false;
    for (int seen = 0; seen < SAMPLE; ) {
      if (evictionCursor == null || !evictionCursor.hasNext()) {
        if (restarted) {
          break;
        }
        evictionCursor = map.entrySet().iterator();
        restarted = true;
        if (!evictionCursor.hasNext()) {
          break;
        }
      }
      Map.Entry<K, Object> e = evictionCursor.next();
      seen++;
      int f = sketch.frequency(e.getKey().hashCode());
      if (f < bestFrequency) {
        best = e;
        bestFrequency = f;
      }
    }
    return best;
  }

  /**
   * Visits up to {@code budget} entries, expired or not, continuing from a persistent cursor: a
   * call that reaches the end of the table stops there, the next one starts over. Meant for one
   * background visitor at a time (expiry passes).
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
      visitor.accept(e.getKey(), wrap(e.getValue()));
    }
    return visited;
  }

  /**
   * Removes the mapping only if it still holds the very entry given (identity).
   *
   * @param key the key
   * @param expected the entry that must still be stored
   * @return {@code true} if it was removed
   */
  public boolean removeIfSame(K key, Holder<V> expected) {
    Objects.requireNonNull(expected, "expected");
    return removeExactly(key, pack(expected)); // a bare entry: its value object
  }

  /**
   * Removes the mapping if it still holds this very object (identity, unlike {@code
   * Map.remove(key, value)}, which compares bare values with {@code equals}).
   */
  private boolean removeExactly(K key, Object expected) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (current != expected) {
        return current;
      }
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  /**
   * Returns the bound on the number of entries.
   *
   * @return the largest number of entries, or 0 if unbounded
   */
  public long maximumSize() {
    return maximumSize;
  }

  /**
   * Returns the number of stored entries, expired ones included.
   *
   * @return the number of mappings
   */
  public int size() {
    return map.size();
  }

  /** Removes every entry. */
  public void clear() {
    map.clear();
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
