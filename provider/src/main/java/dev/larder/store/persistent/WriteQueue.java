package dev.larder.store.persistent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * The writes of a store file, in order, with group commit: writers from any number of threads
 * queue their writes; whoever commits takes everything queued (up to {@value #MAX_BATCH}) and
 * commits it in one transaction, then completes each write's future. So concurrent writers share
 * one commit, and throughput grows with their number.
 *
 * <p>A caller that must not return before its write is durable commits it itself
 * ({@link #commitThrough}): the first such caller takes the commit lock and commits the queue,
 * its own write and those of every writer that queued meanwhile; they find their writes done when
 * they get the lock, or before. No hand-off to another thread sits on the path of a durable write.
 * For write-behind stores a background thread commits what callers did not wait for.
 *
 * <p>Only the holder of the commit lock takes writes off the queue, so batches commit in queue
 * order, and a key's writes (queued under its lock) in the order they happened.
 */
final class WriteQueue implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WriteQueue.class.getName());
  static final int MAX_BATCH = 4096;
  /** How long a caller spins for a commit in progress before it parks. */
  private static final long SPIN_NANOS = 200_000;
  /** Spinning pays only while the writers do not outnumber the processors. */
  private static final int SPINNERS = Runtime.getRuntime().availableProcessors();

  /**
   * What a write does ({@code TOUCH}: moves the deadline of an existing row, if there is one; its
   * value is the row's value, for the checksum).
   */
  enum Kind { PUT, DELETE, CLEAR, BARRIER, TOUCH }

  /** One queued write and the future completed once it committed (or failed). */
  record Write(Kind kind, byte[] key, byte[] value, long deadline, CompletableFuture<Void> done, long queuedAt) {}

  private final StoreFile file;
  private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock commitLock = new ReentrantLock();
  /** Durable writes under way: started, not yet committed (see {@link #writerStarted}). */
  private final AtomicInteger writers = new AtomicInteger();
  private final List<Write> batch = new ArrayList<>();
  /** The background committer of a write-behind store, or {@code null}. */
  private final Thread background;
  /** Set by the background thread before it parks with nothing to do; cleared by whoever wakes it. */
  private volatile boolean idle;
  private volatile boolean closed;

  /**
   * Creates the queue of a store file.
   *
   * @param file the file the writes go to
   * @param cacheName names the background thread
   * @param writeBehind whether a background thread commits writes nobody waits for
   */
  WriteQueue(StoreFile file, String cacheName, boolean writeBehind) {
    this.file = file;
    if (writeBehind) {
      background = new Thread(this::runBackground, "larder-writer-" + cacheName);
      background.setDaemon(true);
      background.setContextClassLoader(null);
      background.start();
    } else {
      background = null;
    }
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
    queue.add(new Write(kind, key, value, deadline, done, background == null ? 0 : System.nanoTime()));
    if (background != null && idle) {
      idle = false;
      LockSupport.unpark(background);
    }
    return done;
  }

  /**
   * Tells whether the oldest queued write has waited longer than a window: a write-behind writer
   * then commits its own write, so what a crash can lose stays within the window.
   *
   * @param windowNanos the window in nanoseconds
   * @return {@code true} if the writer is behind by more than the window
   */
  boolean isBehind(long windowNanos) {
    Write oldest = queue.peek();
    return oldest != null && System.nanoTime() - oldest.queuedAt() > windowNanos;
  }

  /**
   * Tells whether any write is queued and not yet taken for a commit.
   *
   * @return {@code true} if the queue is not empty
   */
  boolean hasQueued() {
    return !queue.isEmpty();
  }

  /**
   * Returns once a queued write committed, committing the queue up to it unless another caller
   * already did (or is doing so: then this waits for the commit lock and finds it done).
   *
   * @param done the write's future, from {@link #submit}
   * @throws CacheException naming the file if the write failed (nothing of it was stored)
   */
  void commitThrough(CompletableFuture<Void> done) {
    if (!done.isDone() && lockUnlessDone(done)) {
      try {
        while (!done.isDone()) {
          if (!commitQueued()) {
            // not in the queue, not done: only a write of a closed queue whose thread failed
            throw new CacheException("A write to " + file.path() + " was lost: the store is closed");
          }
        }
      } finally {
        commitLock.unlock();
      }
    }
    await(done);
  }

  /**
   * Takes the commit lock, unless the write gets done meanwhile. While another caller commits,
   * this one spins for a short while rather than parking: its write is likely in that commit, and
   * a parked thread takes longer to wake than a commit takes.
   *
   * @return {@code true} if the lock is now held
   */
  private boolean lockUnlessDone(CompletableFuture<Void> done) {
    if (commitLock.tryLock()) {
      return true;
    }
    if (writers.get() <= SPINNERS) {
      long until = System.nanoTime() + SPIN_NANOS;
      do {
        Thread.onSpinWait();
        if (done.isDone()) {
          return false;
        }
        if (commitLock.tryLock()) {
          return true;
        }
      } while (System.nanoTime() < until);
    }
    commitLock.lock();
    return true;
  }

  /**
   * Tells the queue a durable write is under way (its caller is about to queue and commit): while
   * the writers do not outnumber the processors, a caller waiting for a commit spins rather than
   * parks. Pair with {@link #writerDone}.
   */
  void writerStarted() {
    writers.incrementAndGet();
  }

  /** Ends what {@link #writerStarted} began, whether or not the caller wrote anything. */
  void writerDone() {
    writers.decrementAndGet();
  }

  /** Commits everything queued so far (the writes of other threads included), and returns once it did. */
  void flush() {
    commitThrough(submit(Kind.BARRIER, null, null, 0));
  }

  /**
   * Commits up to {@value #MAX_BATCH} queued writes in one transaction; the caller holds the
   * commit lock.
   *
   * @return {@code false} if the queue was empty
   */
  private boolean commitQueued() {
    Write w;
    while (batch.size() < MAX_BATCH && (w = queue.poll()) != null) {
      batch.add(w);
    }
    if (batch.isEmpty()) {
      return false;
    }
    try {
      file.apply(batch);
      for (Write each : batch) {
        each.done().complete(null);
      }
    } catch (RuntimeException e) {
      for (Write each : batch) {
        each.done().completeExceptionally(e);
      }
      LOG.log(Level.WARNING, "a batch of " + batch.size() + " writes to " + file.path() + " failed", e);
    } finally {
      batch.clear();
    }
    return true;
  }

  /** Waits for a write's outcome, turning a failure into the exception the caller throws. */
  private static void await(CompletableFuture<Void> done) {
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

  /** The write-behind committer: commits whatever is queued, parks when there is nothing. */
  private void runBackground() {
    while (true) {
      if (queue.isEmpty()) {
        if (closed) {
          return;
        }
        idle = true;
        if (queue.isEmpty() && !closed) {
          LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        }
        idle = false;
        continue;
      }
      commitLock.lock();
      try {
        commitQueued();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "the writer of " + file.path() + " failed", e);
      } finally {
        commitLock.unlock();
      }
    }
  }

  /** Commits what is queued and stops the background thread; closes nothing else. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (background != null) {
      LockSupport.unpark(background);
      try {
        background.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    commitLock.lock();
    try {
      while (commitQueued()) {
        // drain: a close commits everything acknowledged
      }
    } finally {
      commitLock.unlock();
    }
  }
}
