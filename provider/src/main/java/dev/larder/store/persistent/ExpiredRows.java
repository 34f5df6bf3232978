package dev.larder.store.persistent;

import dev.larder.engine.Clock;
import dev.larder.engine.Deadlines;
import dev.larder.engine.EntryTable;
import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.store.StoreExpiry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * Removes the expired rows that only a store file holds — entries whose time ran out while the
 * store was closed, or that memory evicted — which no walk of memory can reach.
 *
 * <p>Rows are found through the file's index of deadlines, a batch at a time, never by a scan of
 * the table; each batch is one transaction. Every row's key is held ({@link
 * EntryTable#lockIfAbsent}) while its row goes, so no write of that key can interleave, and the row
 * is read again under the hold so that a write that landed (and left memory) since the batch was
 * selected is not undone. Keys memory holds are left to the sweep of memory. Each removed row is
 * then reported to the cache's {@link StoreExpiry} while its key is still held.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class ExpiredRows<K, V> {

  /** Rows removed per transaction. */
  static final int BATCH = 2_048;
  /** A maintenance cycle reclaims expired rows for at most this long. */
  private static final long CYCLE_NANOS = 50_000_000;

  private final StoreFile file;
  private final WriteQueue writer;
  private final EntryTable<K, V> heap;
  private final Clock clock;
  private final Function<StoreFile.Row, K> keys;
  private final BiFunction<StoreFile.Row, Object, Holder<V>> values;
  private final StoreExpiry<K, V> expiry;
  /** No row only the file holds expires before this time ({@link Deadlines#NEVER} if none may). */
  private final AtomicLong due = new AtomicLong(Deadlines.NEVER);

  ExpiredRows(StoreFile file, WriteQueue writer, EntryTable<K, V> heap, Clock clock, Function<StoreFile.Row, K> keys,
      BiFunction<StoreFile.Row, Object, Holder<V>> values, StoreExpiry<K, V> expiry) {
    this.file = file;
    this.writer = writer;
    this.heap = heap;
    this.clock = clock;
    this.keys = keys;
    this.values = values;
    this.expiry = expiry;
  }

  /** Notes that a row only the file holds may expire at this time (an eviction, a reopen). */
  void dueBy(long deadline) {
    long current = due.get();
    while (deadline < current && !due.compareAndSet(current, deadline)) {
      current = due.get();
    }
  }

  /** Notes that the file holds no row memory lacks (after a clear). */
  void none() {
    due.set(Deadlines.NEVER);
  }

  /** Tells whether a reclaim may find something now. */
  boolean isDue() {
    return due.get() <= clock.millis();
  }

  /**
   * Removes expired rows for up to one maintenance cycle's time.
   *
   * @return how many rows it removed
   */
  int reclaim() {
    long now = clock.millis();
    long until = System.nanoTime() + CYCLE_NANOS;
    boolean withValues = expiry.wantsEntries();
    int total = 0;
    while (true) {
      List<StoreFile.Row> rows = file.expired(now, BATCH, withValues);
      int removed = removeBatch(rows, withValues, now);
      total += removed;
      if (rows.size() < BATCH) {
        // rows left behind belong to keys memory holds (its own sweep expires them): look again soon
        due.set(rows.size() > removed ? now + 1 : next(now));
        return total;
      }
      if (removed == 0 || System.nanoTime() > until) {
        due.set(0); // more next cycle
        return total;
      }
    }
  }

  private long next(long now) {
    long earliest = file.earliestDeadline();
    return earliest <= now ? now + 1 : earliest;
  }

  /** Removes the rows of a batch whose keys memory lacks; returns how many it removed. */
  private int removeBatch(List<StoreFile.Row> rows, boolean withValues, long cutoff) {
    List<KeyLock<V>> locks = new ArrayList<>(rows.size());
    List<StoreFile.Row> taken = new ArrayList<>(rows.size());
    List<K> takenKeys = new ArrayList<>(rows.size());
    try {
      CompletableFuture<Void> last = null;
      for (StoreFile.Row row : rows) {
        K key = keys.apply(row);
        KeyLock<V> lock = heap.lockIfAbsent(key);
        if (lock == null) {
          continue; // in memory, or held by a step: not this walk's to expire
        }
        locks.add(lock);
        StoreFile.Row stored = file.read(row.key());
        if (stored == null || stored.deadline() > cutoff) {
          continue;
        }
        taken.add(withValues ? stored : row);
        takenKeys.add(key);
        last = writer.submit(WriteQueue.Kind.DELETE, row.key(), null, 0);
      }
      if (last != null) {
        writer.commitThrough(last);
      }
      for (int i = 0; i < taken.size(); i++) {
        expiry.expired(takenKeys.get(i), withValues ? entry(taken.get(i), takenKeys.get(i)) : emptyEntry(taken.get(i)));
      }
      return taken.size();
    } finally {
      for (KeyLock<V> lock : locks) {
        heap.unlock(lock);
      }
    }
  }

  /** The last entry of a removed row, for an EXPIRED event; a row that cannot be read has none. */
  private Holder<V> entry(StoreFile.Row row, K key) {
    try {
      return values.apply(row, key);
    } catch (CacheException e) {
      return emptyEntry(row);
    }
  }

  private Holder<V> emptyEntry(StoreFile.Row row) {
    return new Holder<>(null, row.deadline());
  }
}
