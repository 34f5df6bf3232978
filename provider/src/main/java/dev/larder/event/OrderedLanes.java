package dev.larder.event;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads that deliver events to asynchronous listeners, shared by every cache.
 *
 * <p>A fixed number of single-threaded lanes; a task goes to the lane its key hashes to, so the
 * events of one key reach a listener in the order they happened while different keys proceed in
 * parallel. Lanes are daemon threads started on first use. A listener that throws is logged.
 */
final class OrderedLanes {

  private static final Logger LOG = Logger.getLogger(OrderedLanes.class.getName());
  private static final int LANES = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final ExecutorService[] EXECUTORS = new ExecutorService[LANES];
  private static final AtomicInteger THREADS = new AtomicInteger();

  private OrderedLanes() {}

  static void execute(Object key, Runnable task) {
    int lane = (key.hashCode() & 0x7fffffff) % LANES;
    lane(lane).execute(() -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "an asynchronous cache entry listener failed", e);
      }
    });
  }

  private static ExecutorService lane(int i) {
    ExecutorService executor = EXECUTORS[i];
    if (executor == null) {
      synchronized (EXECUTORS) {
        executor = EXECUTORS[i];
        if (executor == null) {
          executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "larder-events-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
          EXECUTORS[i] = executor;
        }
      }
    }
    return executor;
  }
}
