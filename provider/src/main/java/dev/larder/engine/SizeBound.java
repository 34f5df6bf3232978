package dev.larder.engine;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The size bound of an {@link EntryTable}: what reads and writes record about the keys' popularity,
 * and the eviction that keeps the table within its bound (sampled TinyLFU, see {@link EntryTable}).
 *
 * <h2>Reads record cheaply, and may lose records</h2>
 * A read does not touch the {@link FrequencySketch}. It counts itself in a small buffer of its own
 * stripe — one of a few stripes, each on cache lines of its own, chosen by the reading thread's
 * id — and one read in {@value #READ_SAMPLE}, drawn at random (a xorshift generator kept in the
 * stripe; while the table rarely evicts, as few as one in {@value #SPARSEST_SAMPLE}, see {@link
 * #adaptSample}), writes its key's hash there as one of the stripe's
 * {@value #RECORDS} records, all with plain writes: no lock, no atomic instruction, no cache line
 * shared with other threads in the common case. (The sample is what makes a bounded read cheap:
 * updating the sketch costs a cache miss per key, more than the hash lookup itself.) The record that fills its stripe
 * drains it into the sketch, but only if it gets the drain lock at once ({@link
 * ReentrantLock#tryLock}); otherwise the records are dropped and overwritten by the next round.
 * Two threads that share a stripe may overwrite each other's records. Both losses only make the
 * frequency estimates a sample of the reads instead of their count, which is all TinyLFU needs:
 * it compares frequencies, and a uniform sample keeps their order. The hill climbing on the hit
 * ratio ({@link #climb}) counts the drained records only, under the same lock, so no reader ever
 * writes a field that all readers share.
 *
 * <p>Nothing is recorded while the table holds less than half its bound ({@link #recording}, set
 * by writes): no eviction decision is near, and the sketch learns enough while the second half
 * fills (Caffeine, too, leaves its sketch empty below half). A bounded cache far from its bound
 * then reads at the speed of an unbounded one.
 *
 * <h2>Writes and eviction</h2>
 * A write (an entry stored, never a marker) is sampled and recorded like a read, in the writer's
 * stripe (as a write: it counts in the sketch but not in the hit ratio). A read that misses counts
 * in the hit ratio but not in the sketch: the write that stores its key counts that request, so a
 * miss followed by its put counts once, like a hit (counting both made every insertion look like
 * a second use: one-off keys then tied with entries read once). If the table now exceeds
 * its bound, the writer evicts under the same lock that drains, so the sketch, the sampling cursor
 * and the window have one user at a time; it first drains its own stripe, so a sampled write is
 * counted. Readers never evict: only a thread that stores an entry does (in a persistent store,
 * a read's fault-in stores one, and its eviction queues whatever the file needs for the
 * background writer).
 *
 * <p>Admission: the key whose insertion overflows the bound enters the <em>window</em>, a FIFO
 * of recently inserted keys. While the window holds more than its share of the bound, its oldest
 * key is judged against a victim — the least frequent of {@value #SAMPLE} entries sampled from a
 * cursor that walks the table in hash order, never a key of the window nor a marker — and stays
 * (the victim goes) only if it is strictly more frequent; otherwise it goes itself. The window
 * gives a new key time to be read again before it is judged; the strict comparison keeps loops and
 * scans larger than the cache from flushing it (on ties, admitting would make it a FIFO); a warm loser is still admitted now and then (see {@link #WARM}). The
 * window's share starts at {@value #WINDOW_PERCENT} % and moves by hill climbing ({@link #climb})
 * between 0 and {@value #WINDOW_MOST_PERCENT} %, so workloads where recency predicts reuse get a
 * large window, those where frequency does a small one (Caffeine's W-TinyLFU adapts its window for
 * the same reason; ideas only, no code). A sampled victim that the table no longer holds (the
 * cursor is weakly consistent) evicts nothing and the judging starts over.
 *
 * <p>Keys that share a hash code share their sketch counters: every frequency the policy compares
 * is the sketch's estimate divided by the number of entries the cursor saw with that hash code
 * ({@link SharedHashCodes}), so a flood of one-off keys with one hash code (HashDoS) looks rare,
 * not popular; a window key and a victim with the same, shared hash code cannot be told apart,
 * and the window key is admitted (the cache then renews itself in cursor order instead of
 * freezing).
 *
 * <p>Overshoot: threads that insert at the same moment may each add an entry before any of them
 * evicts, so the table may exceed its bound by at most the number of threads inserting at once;
 * it is back within the bound when they return.
 *
 * @param <K> key type
 */
final class SizeBound<K> {

  /** How many entries one eviction decision looks at. */
  static final int SAMPLE = 8;
  /** Records per stripe of the read buffer (a power of two). */
  static final int RECORDS = 16;
  /** One access (read or write) in so many, a power of two, is recorded. */
  static final int READ_SAMPLE = 4;
  /** The sparsest sample, one access in so many, while the table rarely evicts. */
  static final int SPARSEST_SAMPLE = 32;
  /** Drained records between two adaptations of the sample ({@link #adaptSample}). */
  private static final int ADAPT_RECORDS = 1_024;
  /** Where in a stripe its random state for sampling is kept (after the records). */
  private static final int RANDOM = RECORDS + 1;
  /** Longs per stripe: the count of records, the records, the sampling state, padding to four cache lines. */
  private static final int STRIDE = 32;
  /** Marks a record whose read found an entry (a hit), above the 32 bits of the hash. */
  private static final long HIT = 1L << 32;
  /** Marks a record of a write (counted in the sketch, not in the hit ratio). */
  private static final long WRITE = 1L << 33;
  private static final int MAX_AGING_FACTOR = 16;
  /**
   * A key leaving the window at least this frequent that loses to its victim is still admitted
   * once in {@link #WARM_ODDS}: when keys' counts cannot tell them apart (their hash codes collide,
   * or an attacker pumps a victim's counters) the cache then still renews itself slowly instead of
   * freezing.
   */
  private static final int WARM = 6;
  private static final int WARM_ODDS = 128;
  /** The admission window's share of the bound, in percent. */
  static final int WINDOW_PERCENT = 1;
  /** How far one step of the hill climbing moves the window, in percent of the bound. */
  private static final int WINDOW_STEP_PERCENT = 5;
  /** The window's largest share of the bound, in percent. */
  private static final int WINDOW_MOST_PERCENT = 80;
  /** Failed evictions in a row after which a writer stops trying (the next write goes on). */
  private static final int MOST_MISSES = 4 * SAMPLE;
  private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

  private final ConcurrentHashMap<K, Object> map;
  private final EntryTable<K, ?> table;
  private final long maximumSize;
  private final FrequencySketch sketch;
  /** Guards the sketch (drains and estimates), the climbing state and eviction. */
  private final ReentrantLock lock = new ReentrantLock();
  /**
   * The read buffer: stripe {@code s} starts at {@code (s + 1) × STRIDE} (the first stride pads
   * the array's header); its first long counts the reads recorded in it, the next {@value
   * #RECORDS} are records (the key's hash, plus {@link #HIT}).
   */
  private final long[] reads = new long[(STRIPES + 1) * STRIDE];

  /** Drained reads between two steps of {@link #climb}. */
  private final int climbPeriod;
  /** The sketch ages every {@code agingFactor × maximumSize} increments; adapted by {@link #climb}. */
  private int agingFactor = 10;
  private int climbDirection = 1;
  private int periodHits;
  private int periodReads;
  private double previousHitRate = -1;
  /** Guarded by {@link #lock}. */
  private Iterator<Map.Entry<K, Object>> cursor;
  /**
   * The admission window, guarded by {@link #lock}: the keys whose insertion evicted most
   * recently, oldest first. A new key is not judged at once; it is judged, against the sampled
   * victim, when it leaves the window, which gives it time to be read again.
   */
  private final LinkedHashSet<K> window = new LinkedHashSet<>();
  /** Hash codes the cursor found shared by several entries; guarded by {@link #lock}. */
  private final SharedHashCodes shared = new SharedHashCodes();
  /** The entries of the current sample and their keys' hash codes; guarded by {@link #lock}. */
  @SuppressWarnings("unchecked")
  private final Map.Entry<K, Object>[] sample = new Map.Entry[SAMPLE];
  private final int[] sampleHashes = new int[SAMPLE];
  /**
   * Whether accesses are recorded: the table held at least half its bound at the last write. A
   * plain field: a reader that sees it late records a few accesses more or fewer.
   */
  private boolean recording;
  /**
   * One access in {@code sampleMask + 1} is recorded: {@value #READ_SAMPLE} while the table
   * evicts often, up to {@value #SPARSEST_SAMPLE} while it rarely does ({@link #adaptSample}).
   * Written under {@link #lock}, read by every access without it (a stale value only records a
   * few accesses more or fewer).
   */
  private int sampleMask = READ_SAMPLE - 1;
  /** Records drained and entries evicted since the last {@link #adaptSample}; guarded by {@link #lock}. */
  private long adaptRecords;
  private long adaptEvictions;
  /** Whether the cursor has ever seen a shared hash code (until then no key needs a second hash). */
  private boolean anyShared;
  /** The basis of {@link #stringHash}, random per table. */
  private final int stringSeed = ThreadLocalRandom.current().nextInt() | 1;
  /** How many keys the window holds: about {@value #WINDOW_PERCENT} % of the bound. */
  private int windowMaximum;

  SizeBound(ConcurrentHashMap<K, Object> map, EntryTable<K, ?> table, long maximumSize) {
    this.map = map;
    this.table = table;
    this.maximumSize = maximumSize;
    this.sketch = new FrequencySketch(maximumSize);
    this.climbPeriod = (int) Math.min(1 << 20, 5 * Math.max(maximumSize, 16));
    this.windowMaximum = (int) Math.min(Integer.MAX_VALUE, maximumSize * WINDOW_PERCENT / 100);
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      reads[(stripe + 1) * STRIDE + RANDOM] = ThreadLocalRandom.current().nextLong() | 1; // xorshift: never 0
    }
  }

  /** A power of two, about eight stripes per processor, so concurrent readers rarely share one. */
  static int stripes(int processors) {
    return Integer.highestOneBit(Math.max(1, Math.min(processors, 32)) * 8);
  }

  long maximumSize() {
    return maximumSize;
  }

  /**
   * Records a read of a key: plain writes to the reading thread's stripe, one read in {@value
   * #READ_SAMPLE} sampled into a record; the record that fills the stripe drains it if the drain
   * lock is free.
   *
   * @param key the key read
   * @param hit whether the read found something stored
   */
  void read(Object key, boolean hit) {
    if (recording) {
      sample(key, hit ? HIT : 0);
    }
  }

  /**
   * Records one access in {@code sampleMask + 1}, drawn at random — never every n-th access: a loop
   * over n keys would then only ever record one of them. Reads and writes are sampled alike, so
   * the sketch's estimates keep the proportions between them.
   */
  private void sample(Object key, long flags) {
    long[] buffer = reads;
    int base = (stripe() + 1) * STRIDE;
    long r = buffer[base + RANDOM];
    r ^= r << 13;
    r ^= r >>> 7;
    r ^= r << 17;
    buffer[base + RANDOM] = r;
    if (((r * 0x9E3779B97F4A7C15L) >>> 58 & sampleMask) == 0) {
      record(buffer, base, (sketchHash(key) & 0xFFFF_FFFFL) | flags);
    }
  }

  /**
   * The hash that picks a key's sketch counters: its hash code, unless the cursor has seen
   * entries share that code and the key is a {@code String}; then a hash of its characters seeded
   * per table, which an attacker who chose colliding strings cannot predict (other key types
   * have no second hash: their shared estimate is divided instead, see {@link #estimate}). Read
   * without the lock: a stale view of {@link #shared} only delays the switch.
   */
  private int sketchHash(Object key) {
    int hash = key.hashCode();
    if (anyShared && key instanceof String text && shared.keys(hash) > 1) {
      return stringHash(text);
    }
    return hash;
  }

  private int stringHash(String text) {
    int h = stringSeed;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x0100_0193; // FNV-1a steps from a random basis
    }
    return h ^ (h >>> 16);
  }

  private void record(long[] buffer, int base, long record) {
    long n = buffer[base];
    int slot = (int) n & (RECORDS - 1);
    buffer[base + 1 + slot] = record;
    buffer[base] = n + 1;
    if (slot == RECORDS - 1 && lock.tryLock()) {
      try {
        drain(base, RECORDS);
      } finally {
        lock.unlock();
      }
    }
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
  private static int stripe() {
    long id = Thread.currentThread().getId();
    return (int) (id ^ (id >>> 16)) & (STRIPES - 1);
  }

  /**
   * Moves the first {@code count} records of a stripe into the sketch (under {@link #lock}); a
   * stripe that fills while its drain is refused is dropped instead, overwritten by its next round.
   */
  private void drain(int base, int count) {
    long[] buffer = reads;
    int hits = 0;
    int readsSeen = 0;
    for (int i = 1; i <= count; i++) {
      long record = buffer[base + i];
      if ((record & (HIT | WRITE)) != 0) {
        sketch.increment((int) record); // a miss is counted by the write that stores its key
      }
      if ((record & WRITE) == 0) {
        readsSeen++;
        hits += (int) (record >>> 32) & 1;
      }
    }
    periodHits += hits;
    periodReads += readsSeen;
    if (periodReads >= climbPeriod) {
      climb();
    }
    adaptRecords += count;
    if (adaptRecords >= ADAPT_RECORDS) {
      adaptSample();
    }
  }

  /**
   * Every {@value #ADAPT_RECORDS} drained records: halves the sample (down to one access in
   * {@value #SPARSEST_SAMPLE}) while the table evicts less than once per 1,024 accesses, and
   * doubles it (up to one in {@value #READ_SAMPLE}) once it evicts more than once per 256. What
   * the sketch needs is enough records between two eviction decisions; a table that rarely evicts
   * gets them from a sparse sample, and its reads get cheaper. Runs under {@link #lock}.
   */
  private void adaptSample() {
    long accesses = adaptRecords * (sampleMask + 1L);
    if (adaptEvictions * 1_024 < accesses) {
      sampleMask = Math.min(SPARSEST_SAMPLE - 1, sampleMask * 2 + 1);
    } else if (adaptEvictions * 256 > accesses) {
      sampleMask = Math.max(READ_SAMPLE - 1, sampleMask >>> 1);
    }
    adaptRecords = 0;
    adaptEvictions = 0;
  }

  /** For tests: one access in so many is recorded now. */
  int sampleEvery() {
    return sampleMask + 1;
  }

  /**
   * Hill climbing on the hit ratio, once per {@link #climbPeriod} drained reads: if the hit ratio
   * of the period just ended is worse than the one before, the direction of change reverses; if it
   * is the same, nothing changes. A step up grows the admission window (new keys get longer to
   * prove themselves, which favours recency) and shortens the sketch's aging period (the counts
   * follow recent popularity); a step down does the opposite and favours frequency. Runs under
   * {@link #lock}.
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
    long step = Math.max(1, maximumSize * WINDOW_STEP_PERCENT / 100);
    long most = maximumSize * WINDOW_MOST_PERCENT / 100;
    windowMaximum = (int) Math.max(0, Math.min(most, windowMaximum + climbDirection * step));
    agingFactor = Math.max(1, Math.min(MAX_AGING_FACTOR, agingFactor - climbDirection));
    sketch.agingPeriod((int) Math.min(Integer.MAX_VALUE, agingFactor * Math.max(maximumSize, 16)));
  }

  /**
   * After an entry was stored for a key: samples the write like a read (in the writer's stripe)
   * and evicts while the table exceeds its bound.
   *
   * @param key the key written
   * @param stored what is now stored for it (an entry, not a marker)
   */
  void written(K key, Object stored) {
    long size = map.mappingCount();
    boolean halfFull = size >= maximumSize - maximumSize / 2;
    if (recording != halfFull) {
      recording = halfFull; // written only when it changes: readers keep the line in their caches
    }
    if (halfFull) {
      sample(key, WRITE);
    }
    if (size > maximumSize) {
      evict(key, stored);
    }
  }

  private void evict(K candidateKey, Object candidate) {
    lock.lock();
    try {
      // this thread's recent records first, its write among them: admission compares with them
      int base = (stripe() + 1) * STRIDE;
      drain(base, (int) Math.min(RECORDS, reads[base] & (RECORDS - 1)));
      reads[base] &= ~(long) (RECORDS - 1); // drained: the stripe's next round starts afresh
      window.add(candidateKey);
      int misses = 0;
      while (map.mappingCount() > maximumSize && misses < MOST_MISSES) {
        if (evictOne()) {
          misses = 0;
          adaptEvictions++;
        } else {
          misses++;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Evicts one entry: while the window holds more than its share, its oldest key competes with
   * the least frequent of a sample of the other entries, and stays only if it is strictly more
   * frequent; otherwise (the window is filling) the sampled victim goes.
   *
   * @return whether an entry was evicted (a sampled entry or window key may be gone already)
   */
  private boolean evictOne() {
    Map.Entry<K, Object> victim = sampleVictim();
    if (window.size() > windowMaximum || victim == null) {
      Iterator<K> oldest = window.iterator();
      if (!oldest.hasNext()) {
        return victim != null && table.evictExactly(victim.getKey(), victim.getValue());
      }
      K candidateKey = oldest.next();
      oldest.remove();
      Object candidate = map.get(candidateKey);
      if (candidate == null || candidate instanceof Pending<?>) {
        return false; // removed meanwhile, or under a step: it leaves the window, nothing more
      }
      if (victim == null) {
        return table.evictExactly(candidateKey, candidate);
      }
      int candidateHash = sketchHash(candidateKey);
      int victimHash = sketchHash(victim.getKey());
      int candidateFrequency = estimate(candidateHash);
      int victimFrequency = estimate(victimHash);
      if (candidateFrequency > victimFrequency
          || candidateHash == victimHash && shared.keys(candidateHash) > 1 // the sketch can't tell them apart
          || candidateFrequency >= WARM && ThreadLocalRandom.current().nextInt(WARM_ODDS) == 0) {
        return table.evictExactly(victim.getKey(), victim.getValue()); // admitted: it joins the rest
      }
      return table.evictExactly(candidateKey, candidate);
    }
    return table.evictExactly(victim.getKey(), victim.getValue());
  }

  /**
   * A key's estimated frequency from its {@link #sketchHash}: the sketch's estimate, divided among
   * the entries seen sharing that hash (which share its counters, see {@link SharedHashCodes}).
   */
  private int estimate(int hash) {
    return sketch.frequency(hash) / shared.keys(hash);
  }

  /**
   * Looks at up to {@link #SAMPLE} entries from the cursor, counts their hash codes into {@link
   * #shared}, and returns the least frequent one that may be evicted (or null).
   */
  private Map.Entry<K, Object> sampleVictim() {
    int seen = 0;
    boolean restarted = false;
    while (seen < SAMPLE) {
      if (cursor == null || !cursor.hasNext()) {
        if (restarted) {
          break;
        }
        cursor = map.entrySet().iterator();
        shared.sweepStarted();
        restarted = true;
        if (!cursor.hasNext()) {
          break;
        }
      }
      Map.Entry<K, Object> e = cursor.next();
      sampleHashes[seen] = e.getKey().hashCode();
      sample[seen++] = e;
    }
    anyShared |= shared.count(sampleHashes, seen);
    Map.Entry<K, Object> best = null;
    int bestFrequency = Integer.MAX_VALUE;
    for (int i = 0; i < seen; i++) {
      Map.Entry<K, Object> e = sample[i];
      sample[i] = null;
      if (e.getValue() instanceof Pending<?> || window.contains(e.getKey())) {
        continue; // a computation or an exclusive step under way, or a key still in the window
      }
      int f = estimate(sketchHash(e.getKey()));
      if (f < bestFrequency) {
        best = e;
        bestFrequency = f;
      }
    }
    return best;
  }

  /** For tests: the estimate the policy compares for a key (see {@link #estimate}). */
  int frequency(Object key) {
    lock.lock();
    try {
      return estimate(sketchHash(key));
    } finally {
      lock.unlock();
    }
  }
}
