package dev.larder.management;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed number of exact counters that many threads add to, at the cost of a plain store in the
 * common case: the hit count of a get must cost far less than the get itself (a
 * {@link LongAdder} costs an atomic instruction on every add even without contention, about a third
 * of a one-thread hit).
 *
 * <h2>How</h2>
 * The counters live in stripes, each on cache lines of its own; a thread's stripe is chosen by its
 * id. The first thread that adds to a free stripe claims it for good (its id, written once with a
 * compare-and-set). The owner of a stripe is the only thread that ever writes the stripe's
 * counters, so it adds with a plain read and an opaque store — no lock, no atomic instruction.
 * A thread whose stripe another thread owns adds to {@link LongAdder}s shared by all such threads
 * instead: never worse than adding to a {@code LongAdder} directly. Thread ids are never reused,
 * so a stripe's owner never changes; a stripe whose owner has ended keeps its counts (they are
 * part of the totals) and sends later threads of that stripe to the shared adders.
 *
 * <h2>Exactness</h2>
 * {@link #sum} adds up every stripe (opaque reads, which see every store eventually) and the
 * shared adders. Once the adding threads are quiet — returned, joined, or otherwise ordered
 * before the reader — the sums are exact; while they add, a sum may miss adds in flight, as a
 * {@code LongAdder}'s does. {@link #clear} does not write any stripe (that would race with its
 * owner): it moves a baseline that the sums subtract.
 *
 * <p>The stripes are allocated on the first add, so a cache whose statistics are never enabled
 * pays for none of them.
 */
final class OwnedStripes {

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  /**
   * Longs per stripe (256 bytes). A stripe's owner writes only its first {@value #USED} longs
   * (owner, counters, countdown, random state: 96 bytes); the rest pads it, so two owners' writes
   * are never on one cache line, nor on the pair of lines the adjacent-line prefetcher fetches
   * together, whatever the array's alignment (an earlier 128-byte stride put one owner's
   * countdown on the line of the next owner's counters, and two threads with statistics on read
   * at a third of their speed).
   */
  private static final int STRIDE = 32;
  /** How many longs at the start of a stripe are used. */
  private static final int USED = 12;
  /** Where in a stripe the calls left until its owner's next sample are kept. */
  private static final int COUNTDOWN = USED - 2;
  /** Where in a stripe its owner's random state for sampling (xorshift) is kept. */
  private static final int RANDOM = USED - 1;
  /** The most counters one instance can hold (one stripe's longs between its owner and its sampler). */
  static final int MOST_COUNTERS = COUNTDOWN - 1;
  private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

  private final int counters;
  private final LongAdder[] shared;
  /**
   * Stripe {@code s} starts at {@code (s + 1) × STRIDE} (the first stride pads the array's
   * header): its owner's id plus one (0 while free), then the counters. Allocated on first add.
   */
  private volatile long[] cells;
  /** What {@link #sum} subtracts: the totals at the last {@link #clear}. Guarded by {@code this}. */
  private volatile long[] baseline;

  /**
   * Creates counters that all start at zero.
   *
   * @param counters how many, at most {@value #MOST_COUNTERS}
   */
  OwnedStripes(int counters) {
    if (counters < 1 || counters > MOST_COUNTERS) {
      throw new IllegalArgumentException("between 1 and " + MOST_COUNTERS + " counters, not " + counters);
    }
    this.counters = counters;
    this.shared = new LongAdder[counters];
    for (int i = 0; i < counters; i++) {
      shared[i] = new LongAdder();
    }
    this.baseline = new long[counters];
  }

  /** A power of two, about eight stripes per processor, at most 32, so threads rarely share one. */
  static int stripes(int processors) {
    return Integer.highestOneBit(Math.max(1, Math.min(processors, 4)) * 8);
  }

  /**
   * Adds to a counter.
   *
   * @param counter which, from 0
   * @param n how much (may be negative)
   */
  void add(int counter, long n) {
    long[] c = cells;
    long me = me();
    int base = base(me);
    if (c != null && c[base] == me) { // small on purpose: this is inlined into every counted hit
      int slot = base + 1 + counter;
      LONGS.setOpaque(c, slot, c[slot] + n);
    } else {
      addFirstOrShared(counter, n, me, base);
    }
  }

  /** {@link #add} for a thread that does not own its stripe yet: claims it, or adds to the shared adders. */
  private void addFirstOrShared(int counter, long n, long me, int base) {
    long[] c = cells();
    if (c[base] == me || claim(c, base, me)) {
      int slot = base + 1 + counter;
      LONGS.setOpaque(c, slot, c[slot] + n);
    } else {
      shared[counter].add(n);
    }
  }

  /**
   * Tells whether this call is one to sample: about one call in {@code period} of each thread,
   * at random gaps (never every n-th call, which a periodic workload could alias with). The owner
   * of a stripe counts down in it, with plain writes; a thread without a stripe of its own draws
   * from {@link ThreadLocalRandom}. Either way the expected share of sampled calls is
   * {@code 1 / period}, so a sampled quantity scaled by {@code period} is an unbiased estimate.
   *
   * @param period a power of two, at least 1
   * @return whether to sample this call
   */
  boolean sample(int period) {
    long[] c = cells;
    long me = me();
    int base = base(me);
    if (c != null && c[base] == me) {
      long left = c[base + COUNTDOWN] - 1;
      if (left > 0) {
        c[base + COUNTDOWN] = left;
        return false;
      }
    }
    return sampleSlowly(period, me, base);
  }

  /**
   * {@link #add} and {@link #sample} in one: adds to a counter and tells whether this call is one
   * to sample, finding the thread's stripe once (what a counted and sampled call pays twice
   * otherwise).
   *
   * @param counter which, from 0
   * @param n how much (may be negative)
   * @param period a power of two, at least 1
   * @return whether to sample this call
   */
  boolean addAndSample(int counter, long n, int period) {
    long[] c = cells;
    long me = me();
    int base = base(me);
    if (c != null && c[base] == me) {
      int slot = base + 1 + counter;
      LONGS.setOpaque(c, slot, c[slot] + n);
      long left = c[base + COUNTDOWN] - 1;
      if (left > 0) {
        c[base + COUNTDOWN] = left;
        return false;
      }
    } else {
      addFirstOrShared(counter, n, me, base);
    }
    return sampleSlowly(period, me, base);
  }

  /** {@link #sample} when the countdown runs out, or for a thread that does not own its stripe. */
  private boolean sampleSlowly(int period, long me, int base) {
    long[] c = cells();
    if (c[base] != me && !claim(c, base, me)) {
      return (ThreadLocalRandom.current().nextInt() & (period - 1)) == 0;
    }
    long r = c[base + RANDOM];
    if (r == 0) {
      r = ThreadLocalRandom.current().nextLong() | 1; // xorshift: never 0
    }
    r ^= r << 13;
    r ^= r >>> 7;
    r ^= r << 17;
    c[base + RANDOM] = r;
    c[base + COUNTDOWN] = 1 + Long.remainderUnsigned(r, 2L * period - 1); // 1 .. 2·period − 1, mean period
    return true;
  }

  /** The calling thread's id plus one (never 0, which marks a free stripe). */
  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
  private static long me() {
    return Thread.currentThread().getId() + 1;
  }

  /** Where the stripe of a thread (its id plus one) starts. */
  private static int base(long me) {
    return (((int) me & (STRIPES - 1)) + 1) * STRIDE;
  }

  /**
   * Whether this thread now owns the stripe: it does if it was free and the compare-and-set
   * succeeded. (A plain read of another thread's claim may be stale; the CAS decides.)
   */
  private static boolean claim(long[] c, int base, long me) {
    return (long) LONGS.getVolatile(c, base) == 0 && LONGS.compareAndSet(c, base, 0L, me);
  }

  /** The stripes, allocated by the first caller. */
  private long[] cells() {
    long[] c = cells;
    return c != null ? c : allocate();
  }

  private synchronized long[] allocate() {
    long[] c = cells;
    if (c == null) {
      c = new long[(STRIPES + 1) * STRIDE];
      cells = c;
    }
    return c;
  }

  /**
   * The total of a counter since creation or the last {@link #clear}.
   *
   * @param counter which, from 0
   * @return the sum of every add to it
   */
  long sum(int counter) {
    return total(counter) - baseline[counter];
  }

  private long total(int counter) {
    long sum = shared[counter].sum();
    long[] c = cells;
    if (c != null) {
      for (int base = STRIDE; base < c.length; base += STRIDE) {
        sum += (long) LONGS.getOpaque(c, base + 1 + counter);
      }
    }
    return sum;
  }

  /** Makes every counter read zero from now on (adds in flight at this moment may count either way). */
  synchronized void clear() {
    long[] now = new long[counters];
    for (int i = 0; i < counters; i++) {
      now[i] = total(i);
    }
    baseline = now;
  }
}
