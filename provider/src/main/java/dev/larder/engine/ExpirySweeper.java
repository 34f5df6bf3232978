package dev.larder.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Background expiry of the entries nobody touches: walks a table in bounded cycles and expires,
 * through the cache's own expiry step, the entries whose deadline has passed.
 *
 * <p>Work is done in <em>passes</em> over the table. A pass starts only when the earliest deadline
 * known ({@link #noteDeadline}) has been reached, or {@value #SAFETY_PASS_MILLIS} ms after the
 * previous one while any entry may expire; so a cache of long-lived entries is not scanned at all
 * between deadlines, and an eternal cache never. A started pass visits at least {@code budget}
 * entries per cycle and at least a {@value #PASS_CYCLES}th of the table, so it ends within
 * {@value #PASS_CYCLES} cycles: with ten cycles a second, an untouched entry is expired (and its
 * EXPIRED event sent) at most about half a second after its deadline.
 *
 * <p>Writers {@linkplain #noteDeadline note} each finite deadline once their entry is visible; a
 * pass resets the earliest deadline before it starts and lowers it to the earliest it saw, so a
 * deadline written during a pass is noted by its writer. One sweeper call at a time.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class ExpirySweeper<K, V> {

  /** A pass over the table ends within this many cycles. */
  public static final int PASS_CYCLES = 4;
  /**
   * While any entry may expire, a pass starts at least this often even before the earliest known
   * deadline: a safety net for deadlines a failed write never reported.
   */
  public static final long SAFETY_PASS_MILLIS = 10_000;

  /** What the sweeper walks. */
  public interface Target<K, V> {
    /**
     * Visits up to {@code budget} entries from a persistent cursor (see {@link EntryTable#visit}).
     *
     * @param budget the most entries to visit
     * @param visitor receives each key and entry
     * @return the number visited; fewer than {@code budget} once the end is reached
     */
    int visit(int budget, BiConsumer<K, Holder<V>> visitor);

    /**
     * Returns how many entries a pass walks (the entries in memory).
     *
     * @return the count
     */
    long walkSize();
  }

  /** Expires one entry found dead, exactly as an operation on its key would. */
  @FunctionalInterface
  public interface Expirer<K, V> {
    /**
     * Expires an entry if the key still holds it and it is still dead.
     *
     * @param key the key
     * @param seen the entry the walk found
     * @return {@code true} if it was expired
     */
    boolean expireIfSame(K key, Holder<V> seen);
  }

  private final Clock clock;
  private final AtomicLong nextDue = new AtomicLong(Deadlines.NEVER);
  private final Object lock = new Object();
  private Target<K, V> target;
  private Expirer<K, V> expirer;
  /** Guarded by {@link #lock}. */
  private boolean passing;
  private long passEarliest;
  private long passStart = Long.MIN_VALUE;
  private boolean closed;

  /**
   * Creates a sweeper; {@link #attach} gives it its table.
   *
   * @param clock the cache's clock
   */
  public ExpirySweeper(Clock clock) {
    this.clock = clock;
  }

  /**
   * Gives the sweeper what to walk and how to expire.
   *
   * @param target the table
   * @param expirer the cache's expiry step
   */
  public void attach(Target<K, V> target, Expirer<K, V> expirer) {
    synchronized (lock) {
      this.target = target;
      this.expirer = expirer;
    }
  }

  /**
   * Remembers that an entry has this deadline, so that a pass starts by then. Call once the entry
   * (or its moved deadline) is visible.
   *
   * @param deadline the deadline, in milliseconds since the epoch
   */
  public void noteDeadline(long deadline) {
    long due = nextDue.get();
    while (deadline < due && !nextDue.compareAndSet(due, deadline)) {
      due = nextDue.get();
    }
  }

  /**
   * One bounded cycle (see the class comment).
   *
   * @param budget the fewest entries a cycle of a pass visits
   * @return the number of entries expired
   */
  public int sweep(int budget) {
    if (nextDue.get() == Deadlines.NEVER && !passing) {
      return 0;
    }
    synchronized (lock) {
      if (closed || target == null) {
        return 0;
      }
      long now = clock.millis();
      if (!passing) {
        long due = nextDue.get();
        if (due == Deadlines.NEVER || now < due && now - passStart < SAFETY_PASS_MILLIS) {
          return 0;
        }
        nextDue.set(Deadlines.NEVER); // a deadline written after this is noted again by its writer
        passing = true;
        passEarliest = Deadlines.NEVER;
        passStart = now;
      }
      int quota = (int) Math.max(budget, Math.min(Integer.MAX_VALUE, target.walkSize() / PASS_CYCLES + 1));
      int[] expired = new int[1];
      int visited = target.visit(quota, (key, seen) -> {
        long deadline = seen.deadline();
        if (deadline <= now) {
          if (expirer.expireIfSame(key, seen)) {
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

  /** Stops sweeping; waits for a cycle under way to end. */
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }
}
