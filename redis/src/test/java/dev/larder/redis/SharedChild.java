package dev.larder.redis;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * One instance of an application, in a JVM of its own, for {@link MultiJvmTest}: opens the shared
 * cache {@code jobs} and carries out the commands it reads, one per line, printing what happened.
 *
 * <pre>
 * race THREADS KEYS PREFIX MILLIS   getOrCompute of KEYS keys from THREADS threads; each computation
 *                                   prints "computing KEY" and takes MILLIS; then "raced"
 * count THREADS N KEY               N merges of +1 per thread; then "counted"
 * idem THREADS KEY                  putIfAbsent(KEY, ttl 1 min) per thread; then "won W"
 * listen                            prints "event TYPE KEY VALUE" for every event; then "listening"
 * put KEY VALUE [TTL_MILLIS]        then "put"
 * get KEY                           then "got KEY VALUE"
 * hang KEY                          getOrCompute(KEY) whose computation prints "computing KEY" and never ends
 * exit
 * </pre>
 */
public final class SharedChild {

  private SharedChild() {}

  /**
   * Runs the child.
   *
   * @param args the Redis URI, the namespace, the lease in milliseconds, optionally the near cache's size
   * @throws Exception on failure (the test sees the child die)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Properties props = new Properties();
    props.setProperty("larder.mode", "shared");
    props.setProperty("larder.redis.uri", args[0]);
    props.setProperty("larder.redis.namespace", args[1]);
    props.setProperty("larder.redis.lease", args[2] + "ms");
    if (args.length > 3) {
      props.setProperty("larder.redis.near-cache", args[3]);
    }
    CacheManager manager = Caching.getCachingProvider().getCacheManager(
        java.net.URI.create("urn:larder:multi-jvm"), SharedChild.class.getClassLoader(), props);
    LarderCache<String, String> jobs = LarderCache.of(manager.createCache("jobs",
        new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
    LarderCache<String, Integer> counters = LarderCache.of(manager.createCache("counters",
        new LarderConfiguration<String, Integer>().setTypes(String.class, Integer.class)));
    out.println("ready " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.trim().split(" ");
      switch (c[0]) {
        case "race" -> race(jobs, out, Integer.parseInt(c[1]), Integer.parseInt(c[2]), c[3], Long.parseLong(c[4]));
        case "count" -> {
          parallel(Integer.parseInt(c[1]), t -> {
            for (int i = 0; i < Integer.parseInt(c[2]); i++) {
              counters.merge(c[3], 1, Integer::sum, null);
            }
          });
          out.println("counted");
        }
        case "idem" -> {
          AtomicInteger won = new AtomicInteger();
          parallel(Integer.parseInt(c[1]), t -> {
            if (jobs.putIfAbsent(c[2], "pid " + ProcessHandle.current().pid(), Duration.ofMinutes(1))) {
              won.incrementAndGet();
            }
          });
          out.println("won " + won.get());
        }
        case "listen" -> {
          listen(jobs, out);
          out.println("listening");
        }
        case "put" -> {
          if (c.length > 3) {
            jobs.put(c[1], c[2], Duration.ofMillis(Long.parseLong(c[3])));
          } else {
            jobs.put(c[1], c[2]);
          }
          out.println("put");
        }
        case "get" -> out.println("got " + c[1] + " " + jobs.get(c[1]));
        case "hang" -> new Thread(() -> jobs.getOrCompute(c[1], k -> {
          out.println("computing " + k);
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "never";
        })).start();
        case "exit" -> {
          manager.close();
          out.println("bye");
          return;
        }
        default -> out.println("unknown " + line);
      }
    }
  }

  private static void race(LarderCache<String, String> jobs, PrintStream out, int threads, int keys, String prefix,
      long millis) throws InterruptedException {
    parallel(threads, t -> {
      for (int k = 0; k < keys; k++) {
        String value = jobs.getOrCompute(prefix + k, key -> {
          out.println("computing " + key);
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "value of " + key + " from " + ProcessHandle.current().pid();
        });
        if (value == null || !value.startsWith("value of " + prefix + k)) {
          out.println("wrong " + prefix + k + " " + value);
        }
      }
    });
    out.println("raced");
  }

  private interface Work {
    void run(int thread) throws Exception;
  }

  private static void parallel(int threads, Work work) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        try {
          start.await();
          work.run(n);
        } catch (Exception e) {
          System.out.println("failed " + e);
        }
      });
      thread.start();
      all.add(thread);
    }
    start.countDown();
    for (Thread t : all) {
      t.join();
    }
  }

  /** Prints every event of the cache. */
  private static final class Printer implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String> {
    private final PrintStream out;

    Printer(PrintStream out) {
      this.out = out;
    }

    private void print(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        out.println("event " + e.getEventType() + " " + e.getKey() + " " + e.getValue());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }
  }

  private static void listen(LarderCache<String, String> jobs, PrintStream out) {
    Printer printer = new Printer(out);
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> printer;
    jobs.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, false));
  }
}
