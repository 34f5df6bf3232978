package dev.larder.store.persistent;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What memory knows of the keys in a store file, so that a key that is not in the file costs no
 * read of it: a {@link KeyFilter} filled by a background scan of the file and kept up to date by
 * every put. Until the first scan is done, every question is answered "maybe" (read the file).
 * When the filter fills up, a larger one is built the same way while the old one keeps answering.
 *
 * <p>Why no key is missed: a scan starts by creating its filter, which every put from then on also
 * adds to; it then commits everything queued before (so writes that could not see the new filter
 * are in the file) and reads every key of the file.
 */
final class FileKeys implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FileKeys.class.getName());
  /** The smallest filter built: 64 Ki keys, 80 KiB. */
  private static final long MIN_CAPACITY = 1 << 16;

  private final StoreFile file;
  private final WriteQueue writer;
  private final String cacheName;
  private final long minCapacity;
  /** The filter that answers, or {@code null} before the first scan finished. */
  private volatile KeyFilter filter;
  /** The filter a scan is filling, or {@code null}: puts add to it too. */
  private volatile KeyFilter building;
  /** The latest scan's thread (for tests to wait on). */
  private volatile Thread scan;
  private volatile boolean closed;

  FileKeys(StoreFile file, WriteQueue writer, String cacheName) {
    this(file, writer, cacheName, MIN_CAPACITY);
  }

  /** With a smaller least capacity, for tests of the growth. */
  FileKeys(StoreFile file, WriteQueue writer, String cacheName, long minCapacity) {
    this.file = file;
    this.writer = writer;
    this.cacheName = cacheName;
    this.minCapacity = minCapacity;
  }

  /**
   * Starts building a filter in the background, unless one is being built.
   *
   * @param expectedKeys about how many keys the file holds
   */
  synchronized void rebuild(long expectedKeys) {
    if (building != null || closed) {
      return;
    }
    KeyFilter next = new KeyFilter(Math.max(minCapacity, 2 * expectedKeys));
    building = next;
    Thread thread = new Thread(() -> fill(next), "larder-keys-" + cacheName);
    thread.setDaemon(true);
    thread.setContextClassLoader(null);
    scan = thread;
    thread.start();
  }

  private void fill(KeyFilter next) {
    try {
      if (closed) {
        return;
      }
      writer.flush();
      file.forEachKey(key -> {
        next.add(key);
        return !closed;
      });
      if (!closed) {
        filter = next;
      }
    } catch (RuntimeException e) {
      // the file is read on every miss until a later rebuild succeeds: slower, still correct
      if (!closed) {
        LOG.log(Level.WARNING, "cannot scan the keys of " + file.path() + "; misses read the file", e);
      }
    } finally {
      synchronized (this) {
        building = null;
      }
    }
  }

  /**
   * Notes a put of a key, after it was queued.
   *
   * @param key the encoded key
   */
  void added(byte[] key) {
    // The scan's filter first: a scan publishes its filter before it stops building, so a put that
    // finds no scan under way then reads the newest filter; a scan that starts later commits this
    // put (queued before this call) before it reads the file. Reading the answering filter first
    // would lose the key when a scan finished in between.
    KeyFilter next = building;
    if (next != null) {
      next.add(key);
    }
    KeyFilter current = filter;
    if (current != null && current != next) {
      current.add(key);
      if (current.isFull() && building == null) {
        rebuild(current.capacity()); // twice the capacity: the file has at least about that many keys
      }
    }
  }

  /**
   * Tells whether the file may hold a key.
   *
   * @param key the encoded key
   * @return {@code false} only if the key is certainly not in the file
   */
  boolean mayHold(byte[] key) {
    KeyFilter current = filter;
    return current == null || current.mightContain(key);
  }

  /**
   * Waits for the latest scan to finish (for tests).
   *
   * @return the capacity of the filter that answers now, or 0 if none does
   * @throws InterruptedException if interrupted while waiting
   */
  long awaitScan() throws InterruptedException {
    Thread thread = scan;
    if (thread != null) {
      thread.join();
    }
    KeyFilter current = filter;
    return current == null ? 0 : current.capacity();
  }

  /**
   * Stops a scan under way and waits for its thread to end (it holds a connection to the file, and
   * a store's close must leave no file open); the filter is not used afterwards.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = scan;
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
