package dev.larder.engine;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One daemon thread per JVM ({@code larder-timekeeper}) that keeps the system clock's
 * {@linkplain Clock#recentMillis() recent reading} fresh and runs the registered caches' bounded
 * maintenance (background expiry) a few times per second.
 *
 * <p>The thread wakes every {@value #TICK_MILLIS} ms to store {@link System#currentTimeMillis()}
 * in a volatile field; readers pay one load instead of a clock call. Every
 * {@value #MAINTENANCE_EVERY_TICKS} ticks it runs each registered {@link Maintainable}. Tasks
 * are held weakly, so a cache that is dropped without being closed does not leak; a task that
 * throws is logged and kept. Tests do not need this thread: they call a cache's maintenance
 * method directly with a {@link ManualClock}.
 */
public final class Timekeeper {

  /** How often the recent reading is refreshed, in milliseconds. */
  public static final long TICK_MILLIS = 10;
  /** Maintenance runs every this many ticks (every 100 ms). */
  public static final int MAINTENANCE_EVERY_TICKS = 10;

  private static final Logger LOG = Logger.getLogger(Timekeeper.class.getName());
  private static final CopyOnWriteArrayList<WeakReference<Maintainable>> TASKS = new CopyOnWriteArrayList<>();
  private static volatile long recent = System.currentTimeMillis();

  /** The system clock: exact reads call the OS, recent reads load the ticker's value. */
  static final Clock SYSTEM_CLOCK = new Clock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long recentMillis() {
      return recent;
    }

    @Override
    public String toString() {
      return "Clock.system()";
    }
  };

  static {
    Thread thread = new Thread(Timekeeper::run, "larder-timekeeper");
    thread.setDaemon(true);
    thread.start();
  }

  /** Work a cache wants done in the background, a bounded amount per call. */
  @FunctionalInterface
  public interface Maintainable {
    /** Runs one bounded maintenance cycle; must not block for long. */
    void maintain();
  }

  private Timekeeper() {}

  /**
   * Registers background work; it runs on the timekeeper thread until {@link #unregister}ed or
   * garbage collected.
   *
   * @param task the work
   */
  public static void register(Maintainable task) {
    TASKS.add(new WeakReference<>(task));
  }

  /**
   * Stops running a task.
   *
   * @param task the task given to {@link #register}
   */
  public static void unregister(Maintainable task) {
    TASKS.removeIf(ref -> {
      Maintainable t = ref.get();
      return t == null || t == task;
    });
  }

  private static void run() {
    long period = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    int tick = 0;
    while (true) {
      recent = System.currentTimeMillis();
      if (++tick >= MAINTENANCE_EVERY_TICKS) {
        tick = 0;
        maintainAll();
        recent = System.currentTimeMillis();
      }
      LockSupport.parkNanos(period);
    }
  }

  private static void maintainAll() {
    for (WeakReference<Maintainable> ref : TASKS) {
      Maintainable task = ref.get();
      if (task == null) {
        TASKS.remove(ref);
        continue;
      }
      try {
        // keep the recent reading fresh between caches: readers trust it to within a second
        recent = System.currentTimeMillis();
        task.maintain();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "background maintenance of " + task + " failed", e);
      }
    }
  }
}
