package dev.larder.store.persistent;

import dev.larder.Durability;
import dev.larder.LarderCacheMetrics;
import dev.larder.engine.Deadlines;
import dev.larder.engine.EntryTable;
import dev.larder.engine.Holder;
import dev.larder.store.Store;
import dev.larder.store.codec.Codec;
import dev.larder.store.codec.CodecException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javax.cache.CacheException;

/**
 * The persistent store: the in-memory {@link EntryTable} in front of a SQLite file that holds every
 * entry with its absolute deadline.
 *
 * <p><b>Reads</b> of entries in memory cost what volatile reads cost. A key missing from memory is
 * read from the file (and kept in memory) unless memory is known to hold everything: true for a
 * store that was empty when opened and has not evicted since.
 *
 * <p><b>Writes</b> run inside the key's atomic step in memory: the new entry is encoded first (a
 * value that cannot be encoded fails the call and changes nothing), queued to the single
 * {@link WriteQueue}, and, unless the durability is {@link Durability#WRITE_BEHIND}, committed
 * before the step completes (by this caller, or by another that committed the queue first): if the
 * transaction fails, the call fails and memory is unchanged. A write-behind write is committed by a
 * background thread; its caller commits only when that thread has fallen behind by more than the
 * window. Concurrent writers share transactions (group commit).
 *
 * <p><b>Expiry</b> is stored as the absolute deadline, so an entry whose time ran out while the
 * process was down is found expired. Background expiry also visits the rows of the file with the
 * earliest deadlines, a page per cycle, so entries that are only on disk expire untouched too.
 *
 * <p>Access-renewed deadlines ({@code AccessedExpiryPolicy}, {@code TouchedExpiryPolicy}) are
 * written by {@link #maintain} (each maintenance cycle, in one commit) and on close, not by the
 * reads themselves.
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
  /** Entries whose deadline a read moved, not yet written: the latest entry per key. */
  private final ConcurrentHashMap<K, Holder<V>> renewals = new ConcurrentHashMap<>();
  /** Which keys the file may hold: a miss of a key it cannot hold skips the read. */
  private final FileKeys fileKeys;
  /** Whether memory holds every entry of the file (then misses need not read it). */
  private volatile boolean complete;
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
   * @param maximumSize the bound of the in-memory tier, or 0 for none
   * @param eternal whether the cache's entries never expire: memory then keeps bare values, as a
   *     volatile eternal cache does, so a read of an entry in memory costs the same
   * @throws CacheException naming the file if it cannot be opened
   */
  public PersistentStore(String cacheName, Path path, Durability durability, java.time.Duration writeBehindWindow,
      Codec codec, long maximumSize, boolean eternal) {
    this.cacheName = cacheName;
    this.file = StoreFile.open(path, durability);
    this.metrics = new PersistentStoreMetrics(file);
    this.writer = new WriteQueue(file, cacheName, durability == Durability.WRITE_BEHIND);
    this.codec = codec;
    this.waitForCommit = durability != Durability.WRITE_BEHIND;
    this.windowNanos = writeBehindWindow.toNanos();
    this.fileKeys = new FileKeys(file, writer, cacheName);
    this.heap = new EntryTable<>(maximumSize, (k, h) -> evicted(), eternal);
    long rows = file.count();
    this.complete = rows == 0;
    if (!complete) {
      fileKeys.rebuild(rows);
    }
  }

  /** Memory no longer holds every entry: from now on misses may have to read the file. */
  private void evicted() {
    if (complete) {
      complete = false;
      fileKeys.rebuild(heap.size());
    }
  }

  /**
   * Encodes the key and value once before anything is written, so a value that cannot be stored
   * fails the call before the writer, the events or memory see it. (The write encodes again: an
   * encoding costs microseconds, a commit far more, and the object may have changed since.)
   */
  @Override
  public void check(Object key, Object value) {
    encode(key, "key", key);
    encode(value, "value", key);
  }

  private byte[] encode(Object o, String what, Object key) {
    try {
      return codec.encode(o);
    } catch (CodecException e) {
      throw new IllegalArgumentException("Cache '" + cacheName + "' cannot store the " + what + " for key "
          + abbreviate(key) + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private Holder<V> decode(StoreFile.Row row) {
    try {
      return new Holder<>((V) codec.decode(row.value()), row.deadline());
    } catch (CodecException e) {
      throw new CacheException("Cache '" + cacheName + "', store file " + file.path() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private K decodeKey(byte[] bytes) {
    try {
      return (K) codec.decode(bytes);
    } catch (CodecException e) {
      throw new CacheException("Cache '" + cacheName + "', store file " + file.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Object peek(Object key) {
    Object found = heap.peek(key);
    return found != null || complete ? found : get(key);
  }

  @Override
  public Holder<V> get(Object key) {
    Holder<V> h = heap.get(key);
    if (h != null || complete) {
      return h;
    }
    StoreFile.Row row = readFile(encode(key, "key", key));
    if (row == null) {
      return null;
    }
    Holder<V> loaded = decode(row);
    @SuppressWarnings("unchecked")
    K k = (K) key;
    return heap.compute(k, (kk, current) -> current != null ? current : loaded);
  }

  /**
   * Reads a key's row from the file, unless the file certainly does not hold the key.
   * A write-behind store first commits what is queued: the queue
   * may hold a newer write of this very key whose entry memory has already evicted.
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

  @Override
  public Holder<V> compute(K key, BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function) {
    if (!waitForCommit) {
      return heap.compute(key, (k, current) -> write(k, current, function));
    }
    writer.writerStarted();
    try {
      return heap.compute(key, (k, current) -> write(k, current, function));
    } finally {
      writer.writerDone();
    }
  }

  /** The atomic step of {@link #compute}: reads the file if memory may not know, writes what changed. */
  private Holder<V> write(K k, Holder<V> current,
      BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function) {
    Holder<V> before = current;
    byte[] keyBytes = null;
    if (before == null && !complete) {
      keyBytes = encode(k, "key", k);
      StoreFile.Row row = readFile(keyBytes);
      before = row == null ? null : decode(row);
    }
    // the function may also change the entry in place (a put over a live entry, a renewed
    // deadline): compare what it held before with what it holds after
    V valueBefore = before == null ? null : before.value();
    long deadlineBefore = before == null ? 0 : before.deadline();
    Holder<V> next = function.apply(k, before);
    if (next == before && (next == null
        || next.value() == valueBefore && next.deadline() == deadlineBefore)) {
      return next;
    }
    if (keyBytes == null) {
      keyBytes = encode(k, "key", k);
    }
    CompletableFuture<Void> done;
    if (next == null) {
      done = writer.submit(WriteQueue.Kind.DELETE, keyBytes, null, 0);
    } else {
      done = writer.submit(WriteQueue.Kind.PUT, keyBytes, encode(next.value(), "value", k), next.deadline());
      fileKeys.added(keyBytes);
    }
    if (waitForCommit || writer.isBehind(windowNanos)) {
      writer.commitThrough(done);
    }
    return next;
  }

  @Override
  public boolean removeIfSame(K key, Holder<V> expected) {
    boolean[] removed = new boolean[1];
    compute(key, (k, current) -> {
      if (sameEntry(current, expected)) {
        removed[0] = true;
        return null;
      }
      return current;
    });
    return removed[0];
  }

  /**
   * Whether memory holds this very entry: the same holder, or, for an eternal entry kept bare,
   * the same value object (each read wraps a bare value in a fresh holder).
   */
  private static boolean sameEntry(Holder<?> current, Holder<?> expected) {
    return current == expected || current != null && expected != null
        && current.deadline() == Deadlines.NEVER && expected.deadline() == Deadlines.NEVER
        && current.value() == expected.value();
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
    heap.clear();
    writer.commitThrough(writer.submit(WriteQueue.Kind.CLEAR, null, null, 0));
    complete = true;
  }

  @Override
  public Iterator<Map.Entry<K, Holder<V>>> iterator() {
    if (complete) {
      return heap.iterator();
    }
    writer.flush();
    return new FileIterator();
  }

  /**
   * Visits the entries in memory, then (when memory may not hold everything) the rows of the file
   * with the earliest deadlines, up to a page per call, taking each into memory so that expiring
   * it works like expiring any entry. Reports the end of a pass once memory was walked to its end.
   */
  @Override
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    int visited = heap.visit(budget, visitor);
    if (visited >= budget || complete) {
      return visited;
    }
    for (StoreFile.Row row : file.earliest(PAGE)) {
      K key = decodeKey(row.key());
      Holder<V> loaded = decode(row);
      visitor.accept(key, heap.compute(key, (k, current) -> current != null ? current : loaded));
    }
    return visited;
  }


  /** Remembers a renewed deadline; {@link #maintain} writes it within a maintenance cycle. */
  @Override
  public void renewed(K key, Holder<V> entry) {
    renewals.put(key, entry);
  }

  /** Writes the deadlines that reads renewed since the previous call, in one commit. */
  @Override
  public void maintain() {
    if (renewals.isEmpty()) {
      return;
    }
    boolean wrote = false;
    for (Map.Entry<K, Holder<V>> renewal : renewals.entrySet()) {
      K key = renewal.getKey();
      Holder<V> entry = renewal.getValue();
      renewals.remove(key, entry); // a renewal after this one stays for the next call
      boolean[] touched = new boolean[1];
      heap.compute(key, (k, current) -> {
        // only if memory still holds that entry: a write since has stored its own deadline, and an
        // entry evicted meanwhile keeps the deadline of its last write
        if (sameEntry(current, entry)) {
          writer.submit(WriteQueue.Kind.TOUCH, encode(k, "key", k), null, current.deadline());
          touched[0] = true;
        }
        return current;
      });
      wrote |= touched[0];
    }
    if (wrote) {
      writer.flush();
    }
  }

  @Override
  public void close() {
    maintain();
    fileKeys.close();
    writer.close();
    file.close();
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

  private static String abbreviate(Object key) {
    String s = String.valueOf(key);
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Walks the file in key order, page by page, preferring the in-memory entry of each key. */
  private final class FileIterator implements Iterator<Map.Entry<K, Holder<V>>> {
    private List<StoreFile.Row> page = file.page(null, PAGE);
    private int index;
    private Map.Entry<K, Holder<V>> next;

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (index == page.size()) {
          if (page.size() < PAGE) {
            return false;
          }
          page = file.page(page.get(page.size() - 1).key(), PAGE);
          index = 0;
          continue;
        }
        StoreFile.Row row = page.get(index++);
        K key = decodeKey(row.key());
        Holder<V> inMemory = heap.get(key);
        next = new AbstractMap.SimpleImmutableEntry<>(key, inMemory != null ? inMemory : decode(row));
      }
      return true;
    }

    @Override
    public Map.Entry<K, Holder<V>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<K, Holder<V>> result = next;
      next = null;
      return result;
    }
  }
}
