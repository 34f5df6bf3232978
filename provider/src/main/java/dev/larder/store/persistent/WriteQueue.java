package dev.larder.store.persistent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * The single writer of a store file, with group commit: writers from any number of threads queue
 * their writes; one thread takes everything queued (up to {@value #MAX_BATCH}) and commits it in
 * one transaction, then completes each write's future. So concurrent writers share one commit, and
 * throughput grows with their number. A caller that must not return before its write is durable
 * waits on the future ({@link #await}); a write-behind caller does not.
 */
final class WriteQueue implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WriteQueue.class.getName());
  static final int MAX_BATCH = 4096;

  /** What a write does. */
  enum Kind { PUT, DELETE, CLEAR, BARRIER }

  /** One queued write and the future completed once it committed (or failed). */
  record Write(Kind kind, byte[] key, byte[] value, long deadline, CompletableFuture<Void> done, long queuedAt) {}

  private static final Write STOP = new Write(Kind.BARRIER, null, null, 0, null, 0);

  private final StoreFile file;
  private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  WriteQueue(StoreFile file, String cacheName) {
    this.file = file;
    this.thread = new Thread(this::run, "larder-writer-" + cacheName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a write.
   *
   * @return the write's future
   * @throws CacheException if the store is closed
   */
  CompletableFuture<Void> submit(Kind kind, byte[] key, byte[] value, long deadline) {
    if (closed) {
      throw new CacheException("The store file " + file.path() + " is closed");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Write(kind, key, value, deadline, done, System.nanoTime()));
    return done;
  }

  /**
   * Tells whether the oldest queued write has waited longer than a window: a write-behind writer
   * then waits for its own write, so what a crash can lose stays within the window.
   *
   * @param windowNanos the window in nanoseconds
   * @return {@code true} if the writer is behind by more than the window
   */
  boolean isBehind(long windowNanos) {
    Write oldest = queue.peek();
    return oldest != null && System.nanoTime() - oldest.queuedAt() > windowNanos;
  }

  /**
   * Waits until a write committed.
   *
   * @throws CacheException naming the file if the write failed (nothing of it was stored)
   */
  static void await(CompletableFuture<Void> done) {
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for a store write to commit", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof CacheException ce ? ce : new CacheException("Store write failed: " + cause, cause);
    }
  }

  /** Waits until everything queued so far has committed. */
  void flush() {
    await(submit(Kind.BARRIER, null, null, 0));
  }

  private void run() {
    List<Write> batch = new ArrayList<>();
    while (true) {
      try {
        Write first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        boolean stop = batch.remove(STOP);
        commit(batch);
        batch.clear();
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        // only close() interrupts; it queued STOP first, so keep draining
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "the writer of " + file.path() + " failed", e);
        batch.clear();
      }
    }
  }

  private void commit(List<Write> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      file.apply(batch);
    } catch (RuntimeException e) {
      for (Write w : batch) {
        w.done().completeExceptionally(e);
      }
      LOG.log(Level.WARNING, "a batch of " + batch.size() + " writes to " + file.path() + " failed", e);
      return;
    }
    for (Write w : batch) {
      w.done().complete(null);
    }
  }

  /** Commits what is queued, stops the writer thread and closes nothing else. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
