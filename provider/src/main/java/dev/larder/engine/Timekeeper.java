package dev.larder.engine;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The two background threads of a caching provider: {@code larder-<n>-timekeeper} keeps its
 * clock's {@linkplain Clock#recentMillis() recent reading} fresh, and {@code larder-<n>-maintenance}
 * runs the registered caches' bounded maintenance (background expiry) ten times a second.
 *
 * <p>The threads run only while someone {@linkplain #acquire uses} them: the first open cache starts
 * them, the last one to close stops them and waits until they have ended, so an application that
 * closes its caching provider (a redeploy, a restart of a framework's context) leaves no thread
 * behind and its class loader can be collected. Using a cache again starts them again.
 *
 * <p>The timekeeper wakes every {@value #TICK_MILLIS} ms to store {@link System#currentTimeMillis()}
 * in a volatile field; readers pay one load instead of a clock call. It does nothing else, so the
 * reading stays fresh whatever maintenance costs (maintenance delivers EXPIRED events, and a
 * synchronous listener may take its time). While the threads are stopped the recent reading is the
 * exact clock. Tasks are held weakly, so a cache that is dropped without being closed does not
 * leak; a task that throws is logged and kept. Tests do not need these threads: they give caches a
 * {@link ManualClock} and call a cache's maintenance directly.
 */
public final class Timekeeper {

  /** How often the recent reading is refreshed, in milliseconds. */
  public static final long TICK_MILLIS = 10;
  /** How often maintenance runs, in milliseconds. */
  public static final long MAINTENANCE_MILLIS = 100;

  private static final Logger LOG = Logger.getLogger(Timekeeper.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String prefix = "larder-" + INSTANCES.incrementAndGet() + "-";
  private final CopyOnWriteArrayList<WeakReference<Maintainable>> tasks = new CopyOnWriteArrayList<>();
  private volatile long recent = System.currentTimeMillis();
  /** While false the recent reading is not kept fresh: {@link #clock} then reads the exact time. */
  private volatile boolean ticking;
  private int users;
  private Thread ticker;
  private Thread maintainer;

  private final Clock clock = new Clock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long recentMillis() {
      long r = recent;
      return ticking ? r : System.currentTimeMillis();
    }

    @Override
    public String toString() {
      return "system clock (" + prefix + "timekeeper)";
    }
  };

  /** Work a cache wants done in the background, a bounded amount per call. */
  @FunctionalInterface
  public interface Maintainable {
    /** Runs one bounded maintenance cycle; must not block for long. */
    void maintain();
  }

  /**
   * Returns the prefix of this timekeeper's thread names, {@code larder-<n>-}.
   *
   * @return the prefix
   */
  public String threadPrefix() {
    return prefix;
  }

  /**
   * Returns the system clock whose recent reading this timekeeper keeps.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /** Starts the threads unless they run already; pair with {@link #release}. */
  public synchronized void acquire() {
    if (users++ > 0) {
      return;
    }
    recent = System.currentTimeMillis();
    ticking = true;
    ticker = start("timekeeper", TICK_MILLIS, () -> recent = System.currentTimeMillis());
    maintainer = start("maintenance", MAINTENANCE_MILLIS, this::maintainAll);
  }

  /** Ends what {@link #acquire} began; the last release stops the threads and waits for them to end. */
  public void release() {
    Thread[] stopping;
    synchronized (this) {
      if (users == 0 || --users > 0) {
        return;
      }
      ticking = false;
      stopping = new Thread[] {ticker, maintainer};
      ticker = null;
      maintainer = null;
    }
    for (Thread t : stopping) {
      LockSupport.unpark(t);
      t.interrupt();
    }
    for (Thread t : stopping) {
      if (t != Thread.currentThread()) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Thread start(String name, long periodMillis, Runnable work) {
    long period = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    Thread thread = new Thread(() -> {
      Thread me = Thread.currentThread();
      while (isCurrent(me)) {
        work.run();
        LockSupport.parkNanos(period);
      }
    }, prefix + name);
    thread.setDaemon(true);
    thread.setContextClassLoader(null); // no reference to whichever loader created the cache
    thread.start();
    return thread;
  }

  private synchronized boolean isCurrent(Thread thread) {
    return thread == ticker || thread == maintainer;
  }

  /**
   * Registers background work; it runs on the maintenance thread until {@link #unregister}ed or
   * garbage collected.
   *
   * @param task the work
   */
  public void register(Maintainable task) {
    tasks.add(new WeakReference<>(task));
  }

  /**
   * Stops running a task.
   *
   * @param task the task given to {@link #register}
   */
  public void unregister(Maintainable task) {
    tasks.removeIf(ref -> {
      Maintainable t = ref.get();
      return t == null || t == task;
    });
  }

  private void maintainAll() {
    for (WeakReference<Maintainable> ref : tasks) {
      Maintainable task = ref.get();
      if (task == null) {
        tasks.remove(ref);
        continue;
      }
      try {
        task.maintain();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "background maintenance of " + task + " failed", e);
      }
    }
  }
}
