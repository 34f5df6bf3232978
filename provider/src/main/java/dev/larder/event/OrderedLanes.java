package dev.larder.event;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads that deliver events to asynchronous listeners, owned by a caching provider.
 *
 * <p>A fixed number of single-threaded lanes; a task goes to the lane its key hashes to, so the
 * events of one key reach a listener in the order they happened while different keys proceed in
 * parallel. Lanes are daemon threads started on first use and stopped by {@link #shutdown}, which
 * lets the events already queued be delivered first (for a bounded time). A listener that throws
 * is logged.
 */
public final class OrderedLanes {

  private static final Logger LOG = Logger.getLogger(OrderedLanes.class.getName());
  private static final int LANES = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** How long {@link #shutdown} lets queued events be delivered. */
  private static final long DRAIN_SECONDS = 5;

  private final String prefix;
  private final AtomicInteger threads = new AtomicInteger();
  private final AtomicReferenceArray<ExecutorService> executors = new AtomicReferenceArray<>(LANES);

  /**
   * Creates lanes whose threads are named {@code <prefix>events-<n>}.
   *
   * @param prefix the thread name prefix, for example {@code larder-1-}
   */
  public OrderedLanes(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Runs a task on the lane of a key.
   *
   * @param key the key whose events must stay in order
   * @param task the delivery
   */
  public void execute(Object key, Runnable task) {
    int lane = (key.hashCode() & 0x7fffffff) % LANES;
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "an asynchronous cache entry listener failed", e);
      }
    };
    while (true) {
      ExecutorService executor = lane(lane);
      try {
        executor.execute(guarded);
        return;
      } catch (RejectedExecutionException stopping) {
        // the lanes were shut down just now (the provider's last cache closed while another opened)
        executors.compareAndSet(lane, executor, null);
      }
    }
  }

  private ExecutorService lane(int i) {
    ExecutorService running = executors.get(i);
    if (running != null) {
      return running;
    }
    synchronized (executors) {
      ExecutorService executor = executors.get(i);
      if (executor == null) {
        executor = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, prefix + "events-" + threads.incrementAndGet());
          t.setDaemon(true);
          t.setContextClassLoader(null);
          return t;
        });
        executors.set(i, executor);
      }
      return executor;
    }
  }

  /**
   * Stops the lanes after the events queued so far are delivered (at most {@value #DRAIN_SECONDS}
   * seconds, then delivery is interrupted) and waits for their threads to end. Lanes used again
   * afterwards start new threads.
   */
  public void shutdown() {
    ExecutorService[] running = new ExecutorService[LANES];
    synchronized (executors) {
      for (int i = 0; i < LANES; i++) {
        running[i] = executors.getAndSet(i, null);
      }
    }
    for (ExecutorService e : running) {
      if (e != null) {
        e.shutdown();
      }
    }
    for (ExecutorService e : running) {
      if (e == null) {
        continue;
      }
      try {
        if (!e.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
          LOG.warning("asynchronous listeners did not finish within " + DRAIN_SECONDS + " s; interrupting them");
          e.shutdownNow();
          e.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        e.shutdownNow();
      }
    }
  }
}
