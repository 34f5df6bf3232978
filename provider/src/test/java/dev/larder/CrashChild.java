package dev.larder;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The child process of {@link CrashTest}: writes to a persistent cache from several threads and
 * prints {@code ack <thread> <op> <deadline> <nanoTime>} once each operation has returned, until it
 * is killed.
 *
 * <p>Thread {@code t} runs operations {@code 0, 1, 2, ...} on its own {@value #KEYS_PER_THREAD}
 * keys, so every key sees new entries, overwrites and deletes: {@link #key}, {@link #value} and
 * {@link #removes} say what operation {@code op} of thread {@code t} does. The parent recomputes
 * them to know each key's acknowledged state.
 *
 * <p>Arguments: the store directory, the durability, the number of writer threads.
 */
public final class CrashChild {

  /** How many keys each thread cycles through. */
  static final int KEYS_PER_THREAD = 40;

  private CrashChild() {}

  /** The key of operation {@code op} of thread {@code thread}. */
  static String key(int thread, long op) {
    return thread + "-" + (op % KEYS_PER_THREAD);
  }

  /** Whether operation {@code op} removes its key (else it puts {@link #value}). */
  static boolean removes(long op) {
    return op % 7 == 6;
  }

  /** The value operation {@code op} of thread {@code thread} puts. */
  static String value(int thread, long op) {
    return "value-" + thread + "-" + op;
  }

  /**
   * Runs the writers until killed.
   *
   * @param args directory, durability, threads
   */
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("larder.mode", "persistent");
    p.setProperty("larder.directory", args[0]);
    p.setProperty("larder.durability", args[1]);
    int threads = Integer.parseInt(args[2]);
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create("larder:crash"), null, p);
    LarderCache<String, String> cache = LarderCache.of(manager.createCache("crash",
        new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
    PrintStream out = new PrintStream(System.out, false);
    synchronized (out) {
      out.println("ready");
      out.flush();
    }
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread writer = new Thread(() -> {
        for (long op = 0; ; op++) {
          String key = key(id, op);
          long deadline = 0;
          if (removes(op)) {
            cache.remove(key);
          } else {
            cache.put(key, value(id, op), Duration.ofHours(1));
            deadline = cache.expiresAt(key).orElseThrow().toEpochMilli();
          }
          long acked = System.nanoTime();
          synchronized (out) {
            out.println("ack " + id + " " + op + " " + deadline + " " + acked);
            out.flush();
          }
        }
      });
      writer.start();
    }
    Thread.currentThread().join();
  }
}
