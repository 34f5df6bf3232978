package dev.larder.engine;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Two daemon threads per JVM: {@code larder-timekeeper} keeps the system clock's
 * {@linkplain Clock#recentMillis() recent reading} fresh, and {@code larder-maintenance} runs the
 * registered caches' bounded maintenance (background expiry) a few times per second.
 *
 * <p>The timekeeper wakes every {@value #TICK_MILLIS} ms to store {@link
 * System#currentTimeMillis()} in a volatile field; readers pay one load instead of a clock call.
 * It does nothing else, so the reading stays fresh whatever maintenance costs: maintenance delivers
 * EXPIRED events, and a synchronous listener may take its time. The maintenance thread runs each
 * registered {@link Maintainable} every {@value #MAINTENANCE_MILLIS} ms. Tasks are held weakly, so
 * a cache that is dropped without being closed does not leak; a task that throws is logged and
 * kept. Tests do not need these threads: they call a cache's maintenance method directly with a
 * {@link ManualClock}.
 */
public final class Timekeeper {

  /** How often the recent reading is refreshed, in milliseconds. */
  public static final long TICK_MILLIS = 10;
  /** How often maintenance runs, in milliseconds. */
  public static final long MAINTENANCE_MILLIS = 100;

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
    start("larder-timekeeper", TICK_MILLIS, () -> recent = System.currentTimeMillis());
    start("larder-maintenance", MAINTENANCE_MILLIS, Timekeeper::maintainAll);
  }

  private static void start(String name, long periodMillis, Runnable work) {
    long period = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    Thread thread = new Thread(() -> {
      while (true) {
        work.run();
        LockSupport.parkNanos(period);
      }
    }, name);
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

  private static void maintainAll() {
    for (WeakReference<Maintainable> ref : TASKS) {
      Maintainable task = ref.get();
      if (task == null) {
        TASKS.remove(ref);
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
