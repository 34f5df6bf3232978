package dev.larder.store.persistent;

import dev.larder.Durability;
import dev.larder.LarderCacheMetrics;
import dev.larder.engine.Deadlines;
import dev.larder.engine.EntryTable;
import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.engine.Keys;
import dev.larder.engine.Liveness;
import dev.larder.engine.Step;
import dev.larder.store.Store;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.Codec;
import dev.larder.store.codec.CodecException;
import dev.larder.store.codec.RoundTrip;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import javax.cache.CacheException;

/**
 * The persistent store: the in-memory {@link EntryTable} in front of a SQLite file that holds every
 * entry with its absolute deadline. The file is the authority.
 *
 * <p><b>Writes</b> are exclusive steps on their key ({@link KeyLock}): the step decides, the change
 * is encoded and queued to the single {@link WriteQueue}, and, unless the durability is
 * {@link Durability#WRITE_BEHIND}, committed (by this caller, or by another that committed the queue
 * first: group commit) — only then does memory show it and do events go out. A failed commit
 * leaves memory as it was and the call fails. No lock that other keys share is held across the
 * commit. A write-behind write is shown at once and committed by a background thread; its caller
 * commits only when that thread has fallen behind by more than the window.
 *
 * <p><b>Reads</b> of entries in memory cost what volatile reads cost. A key missing from memory is
 * read from the file while the key is held, and kept in memory (a fault-in), unless memory is
 * known to hold everything (a store that was empty when opened and has not evicted since) or the
 * file certainly lacks the key ({@link FileKeys}). A removal of that key waits for the fault-in
 * and cannot be undone by it. Every row read is checked against its checksum.
 *
 * <p><b>Expiry</b> is stored as the absolute deadline, so an entry whose time ran out while the
 * process was down is found expired. Rows that are only in the file and expired are removed by
 * {@link #maintain} in batches through the file's index of deadlines — one transaction per batch,
 * each key held while its row goes — and reported to the cache's {@link StoreExpiry}. Entries in
 * memory expire through the cache's background sweep, like volatile ones.
 *
 * <p>Access-renewed deadlines ({@code AccessedExpiryPolicy}, {@code TouchedExpiryPolicy}) are
 * written by {@link #maintain} (each maintenance cycle, in one commit), when such an entry is
 * evicted from memory, and on close; not by the reads themselves.
 *
 * <p>{@link #clear()} waits for the steps under way and keeps new ones out while memory and the
 * file are emptied (a read-write gate that steps enter shared).
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class PersistentStore<K, V> implements Store<K, V> {

  private static final int PAGE = 512;

  private final String cacheName;
  private final StoreFile file;
  private final WriteQueue writer;
  private final Codec codec;
  private final boolean waitForCommit;
  /** For write-behind: how far the writer may fall behind before writers wait, in nanoseconds. */
  private final long windowNanos;
  private final EntryTable<K, V> heap;
  private final Liveness liveness;
  private final StoreExpiry<K, V> expiry;
  private final BiConsumer<K, Holder<V>> evictionListener;
  /** Entries whose deadline a read moved, not yet written: the latest entry per key. */
  private final ConcurrentHashMap<K, Holder<V>> renewals = new ConcurrentHashMap<>();
  /** Which keys the file may hold: a miss of a key it cannot hold skips the read. */
  private final FileKeys fileKeys;
  /** Steps enter shared; {@link #clear} enters alone. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  /** Whether memory holds every entry of the file (then misses need not read it). */
  private volatile boolean complete;
  /** Removes the expired rows that only the file holds. */
  private final ExpiredRows<K, V> expiredRows;
  /** Metrics hook: the file's counters and health check. */
  private final PersistentStoreMetrics metrics;

  /**
   * Opens the store of a cache.
   *
   * @param cacheName the cache, for messages
   * @param path the database file
   * @param durability what a write has survived when it returns
   * @param writeBehindWindow with {@link Durability#WRITE_BEHIND}: the most a crash may lose
   * @param codec encodes keys and values
   * @param liveness the cache's rule for live entries
   * @param maximumSize the bound of the in-memory tier, or 0 for none
   * @param eternal whether the cache's entries never expire: memory then keeps bare values, as a
   *     volatile eternal cache does, so a read of an entry in memory costs the same
   * @param evictionListener told of each entry evicted from memory to respect the bound
   * @param expiry told of the rows the store expires by itself
   * @throws CacheException naming the file if it cannot be opened; nothing stays open then
   */
  public PersistentStore(String cacheName, Path path, Durability durability, java.time.Duration writeBehindWindow,
      Codec codec, Liveness liveness, long maximumSize, boolean eternal, BiConsumer<K, Holder<V>> evictionListener,
      StoreExpiry<K, V> expiry) {
    this.cacheName = cacheName;
    this.codec = codec;
    this.liveness = liveness;
    this.expiry = expiry;
    this.evictionListener = evictionListener;
    this.waitForCommit = durability != Durability.WRITE_BEHIND;
    this.windowNanos = writeBehindWindow.toNanos();
    this.heap = new EntryTable<>(maximumSize, this::evicted, eternal);
    this.file = StoreFile.open(path, durability);
    this.metrics = new PersistentStoreMetrics(file);
    WriteQueue queue = null;
    FileKeys keys = null;
    long rows;
    try {
      queue = new WriteQueue(file, cacheName, durability == Durability.WRITE_BEHIND);
      keys = new FileKeys(file, queue, cacheName);
      rows = file.count();
    } catch (RuntimeException | Error e) {
      if (keys != null) {
        keys.close();
      }
      if (queue != null) {
        queue.close();
      }
      file.close();
      throw e;
    }
    this.writer = queue;
    this.fileKeys = keys;
    this.expiredRows = new ExpiredRows<>(file, queue, heap, liveness.clock(), this::decodeKey, this::decode, expiry);
    this.complete = rows == 0;
    if (!complete) {
      keys.rebuild(rows);
      expiredRows.dueBy(0); // rows may have expired while the store was closed
    }
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Encodes the key and value once before anything is written and checks that both read back
   * equal, so a value that cannot be stored — or could not be given back after a restart — fails
   * the call before the writer, the events or memory see it. (The write encodes again: an encoding
   * costs microseconds, a commit far more, and the object may have changed since.)
   */
  @Override
  public void check(Object key, Object value) {
    RoundTrip.checkStorable(codec, cacheName, key, value);
  }

  private IllegalArgumentException refused(String what, Object key, Object o, CodecException e) {
    return RoundTrip.refused(cacheName, what, key, o, e);
  }

  private byte[] encode(Object o, String what, Object key) {
    try {
      return codec.encode(o);
    } catch (CodecException e) {
      throw refused(what, key, o, e);
    }
  }

  /** Decodes a row read from the file, after checking its checksum. */
  @SuppressWarnings("unchecked")
  private Holder<V> decode(StoreFile.Row row, Object key) {
    if (!row.intact()) {
      throw corrupt(key, "its checksum does not match its bytes");
    }
    try {
      return new Holder<>((V) codec.decode(row.value()), row.deadline());
    } catch (CodecException e) {
      throw new CacheException("Cache '" + cacheName + "', store file " + file.path() + ": the value of key "
          + Keys.abbreviate(key) + " cannot be read: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private K decodeKey(StoreFile.Row row) {
    try {
      return (K) codec.decode(row.key());
    } catch (CodecException e) {
      throw corrupt(new String(row.key(), java.nio.charset.StandardCharsets.UTF_8), "its key cannot be read ("
          + e.getMessage() + ")");
    }
  }

  private CacheException corrupt(Object key, String why) {
    return new CacheException("The store file " + file.path() + " is corrupt: the row of key "
        + Keys.abbreviate(key) + " was changed outside Larder (" + why + "). Larder will not return wrong"
        + " data: write or remove that key to replace the row, or delete the file and its -wal/-shm files"
        + " (the cache starts empty), or restore a backup");
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked")
  public V read(Object key) {
    Object found = heap.peek(key);
    Holder<V> entry;
    if (found == null) {
      if (complete) {
        return null;
      }
      entry = faultIn((K) key);
      if (entry == null) {
        return null;
      }
    } else if (found instanceof Holder<?> h) {
      entry = (Holder<V>) h;
      if (mayBeFaulting(entry)) {
        entry = faultIn((K) key);
        if (entry == null) {
          return null;
        }
      }
    } else {
      return (V) found; // a bare eternal value (live)
    }
    long before = entry.deadline();
    if (!liveness.read(entry)) {
      return null;
    }
    if (entry.deadline() != before) {
      renewed((K) key, entry);
    }
    return entry.value();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Holder<V> get(Object key) {
    Holder<V> h = heap.get(key);
    if (h != null && !mayBeFaulting(h) || complete) {
      return h;
    }
    return faultIn((K) key);
  }

  /**
   * Whether an entry read from memory may hide the file's: a key held by a step that had nothing in
   * memory (it may be reading the file right now). The reader then waits for the key.
   */
  private boolean mayBeFaulting(Holder<V> entry) {
    return entry instanceof KeyLock<?> && entry.value() == null && !complete;
  }

  /** Reads a key that memory lacks from the file, while holding the key, and keeps it in memory. */
  private Holder<V> faultIn(K key) {
    byte[] keyBytes = encode(key, "key", key);
    if (!fileKeys.mayHold(keyBytes)) {
      return null;
    }
    gate.readLock().lock();
    try {
      KeyLock<V> lock = heap.lock(key);
      try {
        if (!lock.isKnown()) {
          load(lock, key, keyBytes);
        }
        return heap.current(lock);
      } finally {
        heap.unlock(lock);
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Reads a held key's row into memory (as if it had been there all along). */
  private void load(KeyLock<V> lock, K key, byte[] keyBytes) {
    StoreFile.Row row = readFile(keyBytes);
    Holder<V> loaded = row == null ? null : decode(row, key);
    heap.publishLoaded(lock, loaded);
    if (loaded != null) {
      liveness.noteDeadline(loaded.deadline()); // memory's sweep expires it from now on
    }
  }

  /**
   * Reads a key's row from the file, unless the file certainly does not hold the key. A
   * write-behind store first commits what is queued: the queue may hold a newer write of this very
   * key whose entry memory has already evicted.
   */
  private StoreFile.Row readFile(byte[] keyBytes) {
    if (!fileKeys.mayHold(keyBytes)) {
      return null;
    }
    if (!waitForCommit && writer.hasQueued()) {
      writer.flush();
    }
    return file.read(keyBytes);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void apply(K key, Step<K, V> step, boolean mayBlock) {
    gate.readLock().lock();
    if (waitForCommit) {
      writer.writerStarted();
    }
    try {
      KeyLock<V> lock = heap.lock(key);
      try {
        byte[] keyBytes = null;
        CacheException corruption = null;
        if (!lock.isKnown() && !complete) {
          keyBytes = encode(key, "key", key);
          try {
            load(lock, key, keyBytes);
          } catch (CacheException e) {
            corruption = e; // a write may replace the corrupt row; a read reports it
            lock.markKnown();
          }
        }
        Holder<V> current = heap.current(lock);
        step.runDecide(key, current);
        if (corruption != null && step.change() == Step.Change.KEEP) {
          throw corruption;
        }
        commit(key, keyBytes, current, step);
        heap.publish(lock, step);
        step.runCommitted(key);
      } finally {
        heap.unlock(lock);
      }
    } finally {
      if (waitForCommit) {
        writer.writerDone();
      }
      gate.readLock().unlock();
    }
  }

  /** Writes a step's change to the file and waits for the commit (unless write-behind). */
  private void commit(K key, byte[] keyBytes, Holder<V> current, Step<K, V> step) {
    CompletableFuture<Void> done;
    switch (step.change()) {
      case SET -> {
        byte[] k = keyBytes != null ? keyBytes : encode(key, "key", key);
        done = writer.submit(WriteQueue.Kind.PUT, k, encode(step.value(), "value", key), step.deadline());
        fileKeys.added(k);
        renewals.remove(key);
      }
      case REMOVE -> {
        if (!hasRow(current)) {
          return;
        }
        done = writer.submit(WriteQueue.Kind.DELETE, keyBytes != null ? keyBytes : encode(key, "key", key), null, 0);
        renewals.remove(key);
      }
      case FLIGHT -> {
        if (!hasRow(current) || !step.flight().isEmpty()) {
          return; // a flight over a live entry (a refresh) leaves its row alone
        }
        // the flight takes the place of an expired entry: its row goes
        done = writer.submit(WriteQueue.Kind.DELETE, keyBytes != null ? keyBytes : encode(key, "key", key), null, 0);
      }
      default -> {
        return; // KEEP and ABANDON change memory only
      }
    }
    if (waitForCommit || writer.isBehind(windowNanos)) {
      writer.commitThrough(done);
    }
  }

  /** Whether the file has a row for what memory holds (a flight over nothing has none). */
  private static boolean hasRow(Holder<?> current) {
    return current != null && !(current instanceof Flight<?> f && f.isEmpty());
  }

  @Override
  public Hold hold(Collection<K> keys) {
    gate.readLock().lock();
    try {
      List<KeyLock<V>> locks = heap.lockAll(keys);
      return () -> {
        try {
          heap.unlockAll(locks);
        } finally {
          gate.readLock().unlock();
        }
      };
    } catch (RuntimeException | Error e) {
      gate.readLock().unlock();
      throw e;
    }
  }

  @Override
  public long size() {
    if (complete) {
      return heap.size();
    }
    writer.flush();
    return file.count();
  }

  @Override
  public void clear() {
    if (gate.getReadHoldCount() > 0) {
      throw new IllegalStateException("Cache '" + cacheName + "': clear() was called from inside an operation"
          + " of the same cache (a listener, loader or writer), which would wait for itself");
    }
    gate.writeLock().lock();
    try {
      heap.clear();
      writer.commitThrough(writer.submit(WriteQueue.Kind.CLEAR, null, null, 0));
      renewals.clear();
      complete = true;
      expiredRows.none();
    } finally {
      gate.writeLock().unlock();
    }
  }

  @Override
  public java.util.Iterator<Map.Entry<K, Holder<V>>> iterator() {
    if (complete) {
      return heap.iterator();
    }
    writer.flush();
    return new FileIterator<>(file, PAGE, this::decodeKey, this::decode, heap::get);
  }

  /** Memory only: rows that are only in the file are reclaimed by {@link #maintain}. */
  @Override
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    return heap.visit(budget, visitor);
  }

  @Override
  public long walkSize() {
    return heap.size();
  }

  /** Memory no longer holds every entry: misses may read the file, and its expired rows need reclaiming. */
  private void evicted(K key, Holder<V> entry) {
    if (complete) {
      complete = false;
      fileKeys.rebuild(heap.size());
    }
    long deadline = entry.deadline();
    expiredRows.dueBy(deadline);
    Holder<V> renewal = renewals.get(key);
    if (renewal == entry && renewals.remove(key, entry)) {
      // its renewed deadline would be lost with it: queue it now (committed with the next batch)
      writer.submit(WriteQueue.Kind.TOUCH, encode(key, "key", key), encode(entry.value(), "value", key), deadline);
    }
    evictionListener.accept(key, entry);
  }

  // ---------------------------------------------------------------- maintenance

  /** Remembers a renewed deadline; {@link #maintain} writes it within a maintenance cycle. */
  @Override
  public void renewed(K key, Holder<V> entry) {
    renewals.put(key, entry);
  }

  /** Writes the deadlines reads renewed, then reclaims the expired rows that are only in the file. */
  @Override
  public int maintain() {
    writeRenewals();
    if (complete || !expiredRows.isDue()) {
      return 0;
    }
    gate.readLock().lock();
    try {
      return expiredRows.reclaim();
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Writes the deadlines that reads renewed since the previous call, in one commit. */
  private void writeRenewals() {
    if (renewals.isEmpty()) {
      return;
    }
    boolean wrote = false;
    for (Map.Entry<K, Holder<V>> renewal : renewals.entrySet()) {
      K key = renewal.getKey();
      Holder<V> entry = renewal.getValue();
      renewals.remove(key, entry); // a renewal after this one stays for the next call
      KeyLock<V> lock = heap.lock(key);
      try {
        // only if memory still holds that entry: a write since has stored its own deadline, and an
        // entry evicted meanwhile had its renewal written then
        Holder<V> current = heap.current(lock);
        if (current != null && !current.isPending() && sameEntry(current, entry)) {
          writer.submit(WriteQueue.Kind.TOUCH, encode(key, "key", key), encode(current.value(), "value", key),
              current.deadline());
          wrote = true;
        }
      } finally {
        heap.unlock(lock);
      }
    }
    if (wrote) {
      writer.flush();
    }
  }

  /**
   * Whether memory holds this very entry: the same holder, or, for an eternal entry kept bare, the
   * same value object (each read wraps a bare value in a fresh holder).
   */
  private static boolean sameEntry(Holder<?> current, Holder<?> expected) {
    return current == expected || current.deadline() == Deadlines.NEVER && expected.deadline() == Deadlines.NEVER
        && current.value() == expected.value();
  }

  /**
   * Writes pending renewals, then closes the file; returns only when every file of the store is
   * written and released (the key scan and the write-behind thread have ended).
   */
  @Override
  public void close() {
    try {
      writeRenewals();
    } finally {
      fileKeys.close();
      writer.close();
      file.close();
    }
  }

  /**
   * Returns the metrics of this store's file: commits, reads, and whether it can take writes.
   *
   * @return the live metrics
   */
  public LarderCacheMetrics.StoreMetrics metrics() {
    return metrics;
  }

  /** The store's knowledge of the file's keys (for tests). */
  FileKeys fileKeys() {
    return fileKeys;
  }

  /** How many transactions the file has committed (for tests). */
  long transactions() {
    return file.transactions();
  }
}
