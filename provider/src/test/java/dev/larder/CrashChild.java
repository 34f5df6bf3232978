package dev.larder;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The child process of {@link CrashTest}: writes entries to a persistent cache from several threads
 * and prints {@code ack <key> <deadline> <nanoTime>} once each put has returned, until it is killed.
 *
 * <p>Arguments: the store directory, the durability, the number of writer threads.
 */
public final class CrashChild {

  private CrashChild() {}

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
        for (long i = 0; ; i++) {
          String key = id + "-" + i;
          cache.put(key, "value-" + key, Duration.ofHours(1));
          long deadline = cache.expiresAt(key).orElseThrow().toEpochMilli();
          long acked = System.nanoTime();
          synchronized (out) {
            out.println("ack " + key + " " + deadline + " " + acked);
            out.flush();
          }
        }
      });
      writer.start();
    }
    Thread.currentThread().join();
  }
}
