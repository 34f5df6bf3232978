package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache against a redis-server this test starts (one per test: some kill it), with two
 * instances of an application in this JVM (caching providers of their own): reads of hot keys
 * never reach Redis; another instance's write is seen within the staleness bound while readers
 * hammer the keys; no stale value survives an invalidation; this instance reads its own writes;
 * a lost invalidation channel or a Redis restart leaves nothing stale behind.
 */
class NearCacheTest {

  private static final long BOUND = NearCache.STALENESS_MILLIS;
  private static final Pattern HMGET = Pattern.compile("cmdstat_hmget:calls=(\\d+)");

  @RegisterExtension
  final Instances instances = new Instances();
  private RedisServer server;

  @BeforeEach
  void start() {
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    instances.close();
    server.close();
  }

  private CacheManager instance() {
    return instances.manager(server.uri(), instances.namespace(), "larder.redis.timeout", "1s");
  }

  private static LarderCache<String, String> cache(CacheManager manager, int nearCache) {
    return LarderCache.of(manager.createCache("hot", new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setRedisNearCache(nearCache)));
  }

  /** How many HMGETs (the remote read) Redis ran so far. */
  private long hmgets() {
    Matcher m = HMGET.matcher(server.cli("INFO", "commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Waits until reads of {@code key} are answered from the near cache (its channel is up). */
  private void awaitServedFromMemory(LarderCache<String, String> cache, String key) {
    assertTrue(Await.until(Duration.ofSeconds(10), () -> {
      cache.get(key);
      long before = hmgets();
      cache.get(key);
      return hmgets() == before;
    }), "the near cache serves " + key);
  }

  @Test
  void readsOfHotKeysAreAnsweredFromMemory() {
    LarderCache<String, String> near = cache(instance(), 100);
    LarderCache<String, String> plain = LarderCache.of(instance().createCache("cold",
        new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
    near.put("k", "v");
    plain.put("k", "v");
    awaitServedFromMemory(near, "k");
    long before = hmgets();
    for (int i = 0; i < 1_000; i++) {
      assertEquals("v", near.get("k"));
    }
    assertEquals(before, hmgets(), "1,000 reads of a hot key, none sent to Redis");
    for (int i = 0; i < 100; i++) {
      assertEquals("v", plain.get("k"));
    }
    assertEquals(before + 100, hmgets(), "without a near cache, every read is one HMGET");
  }

  @Test
  void theManagersPropertyGivesEveryCacheANearCache() {
    CacheManager manager = instances.manager(server.uri(), instances.namespace(), "larder.redis.near-cache", "100");
    LarderCache<String, String> plain = LarderCache.of(manager.createCache("framework-made",
        new javax.cache.configuration.MutableConfiguration<String, String>().setTypes(String.class, String.class)));
    plain.put("k", "v");
    // the invalidation channel comes up asynchronously; until it has, reads bypass the near cache
    awaitServedFromMemory(plain, "k");
    long before = hmgets();
    for (int i = 0; i < 100; i++) {
      assertEquals("v", plain.get("k"));
    }
    assertEquals(before, hmgets(), "a cache made without Larder's configuration type still gets a near cache");
  }

  @Test
  void anotherInstancesWriteIsSeenWithinTheBoundUnderLoad() throws InterruptedException {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 1_000);
    a.put("k", "v0");
    awaitServedFromMemory(a, "k");
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        int n = 0;
        while (!done.get()) {
          a.get(n++ % 3 == 0 ? "k" : "other" + (n % 50));
        }
      });
      thread.start();
      load.add(thread);
    }
    long worst = 0;
    try {
      for (int i = 1; i <= 30; i++) {
        String value = "v" + i;
        b.put("k", value);
        long written = System.nanoTime();
        assertTrue(Await.until(Duration.ofMillis(BOUND + 500), () -> value.equals(a.get("k"))),
            "a sees b's write " + value);
        worst = Math.max(worst, System.nanoTime() - written);
      }
    } finally {
      done.set(true);
      for (Thread t : load) {
        t.join();
      }
    }
    long worstMillis = TimeUnit.NANOSECONDS.toMillis(worst);
    System.out.println("NearCacheTest: another instance's write seen after at most " + worstMillis + " ms"
        + " (bound " + BOUND + " ms), 4 reader threads");
    assertTrue(worstMillis <= BOUND, "seen after " + worstMillis + " ms");
  }

  /**
   * Writers in one instance, readers of the same keys in another, for a second: every read returns a
   * version no older than the last one whose write returned more than the bound before the read
   * began, and once the writers stop, every key reads its last version (no stale copy survived).
   */
  @Test
  void noStaleValueSurvivesAnInvalidation() throws InterruptedException {
    LarderCache<String, String> reader = cache(instance(), 1_000);
    LarderCache<String, String> writer = cache(instance(), 1_000);
    int keys = 6;
    long boundNanos = TimeUnit.MILLISECONDS.toNanos(BOUND);
    // per key: completion times of its versions (one writer thread per key, versions in order)
    ConcurrentHashMap<Integer, long[]> completed = new ConcurrentHashMap<>();
    AtomicLong[] last = new AtomicLong[keys];
    for (int k = 0; k < keys; k++) {
      last[k] = new AtomicLong();
      completed.put(k, new long[200_000]);
      writer.put("k" + k, "0");
      reader.get("k" + k);
    }
    awaitServedFromMemory(reader, "k0");
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> stale = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int first = w;
      threads.add(new Thread(() -> {
        await(go);
        long v = 0;
        while (!done.get() && v < 199_999) {
          v++;
          for (int k = first; k < keys; k += 2) {
            writer.put("k" + k, Long.toString(v));
            completed.get(k)[(int) v] = System.nanoTime();
            last[k].set(v);
          }
        }
      }));
    }
    for (int r = 0; r < 6; r++) {
      int seed = r;
      threads.add(new Thread(() -> {
        await(go);
        int n = seed;
        while (!done.get()) {
          int k = n++ % keys;
          long began = System.nanoTime();
          long known = last[k].get();
          long read = Long.parseLong(reader.get("k" + k));
          // the newest version that was written more than the bound before this read began
          long[] times = completed.get(k);
          long due = known;
          while (due > 0 && began - times[(int) due] < boundNanos) {
            due--;
          }
          if (read < due) {
            stale.compareAndSet(null, "k" + k + " read version " + read + ", version " + due
                + " was written more than " + BOUND + " ms before");
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    go.countDown();
    // a fixed amount of work rather than a fixed time: every key gets 300 versions while read
    assertTrue(Await.until(Duration.ofSeconds(60), () -> {
      for (AtomicLong versions : last) {
        if (versions.get() < 300) {
          return false;
        }
      }
      return true;
    }), "the writers wrote 300 versions of each key");
    done.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertNull(stale.get());
    // within the bound of the last write, every key reads its last version, and keeps reading it
    assertTrue(Await.until(Duration.ofMillis(BOUND), () -> {
      for (int k = 0; k < keys; k++) {
        if (!Long.toString(last[k].get()).equals(reader.get("k" + k))) {
          return false;
        }
      }
      return true;
    }), "fresh within " + BOUND + " ms of the last write");
    for (int k = 0; k < keys; k++) {
      String expected = Long.toString(last[k].get());
      for (int i = 0; i < 100; i++) {
        assertEquals(expected, reader.get("k" + k), "k" + k + " after the writers stopped");
      }
    }
    System.out.println("NearCacheTest: " + last[0].get() + " versions of each of " + keys
        + " keys written while 6 threads read them; none stale");
  }

  /**
   * Makes the first read of key "k" whose answer came from Redis count down {@code answered} and
   * wait for {@code until} before it may install that answer in the near cache.
   */
  private static void holdTheFirstAnswerForK(CountDownLatch answered, CountDownLatch until) {
    Reads.beforeKeep = key -> {
      if ("k".equals(key) && answered.getCount() > 0) {
        answered.countDown();
        await(until);
      }
    };
  }

  /**
   * A read whose answer from Redis is held back until another instance's write of the key has been
   * reported: it must not install the value it read (the placeholder is gone), so the next read
   * gets the new value.
   */
  @Test
  void aReadRacingAnInvalidationNeverInstallsTheStaleValue() throws InterruptedException {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 0);
    b.put("k", "old");
    b.put("other", "x");
    awaitServedFromMemory(a, "other");
    CountDownLatch answered = new CountDownLatch(1);
    CountDownLatch invalidated = new CountDownLatch(1);
    holdTheFirstAnswerForK(answered, invalidated);
    try {
      AtomicReference<String> first = new AtomicReference<>();
      Thread read = new Thread(() -> first.set(a.get("k")));
      read.start();
      assertTrue(answered.await(10, TimeUnit.SECONDS));
      b.put("k", "new"); // reported to a while its read of "old" waits to install
      Thread.sleep(200);
      invalidated.countDown();
      read.join();
      assertEquals("old", first.get(), "the racing read returns what it read (it began before the write)");
    } finally {
      Reads.beforeKeep = null;
    }
    assertEquals("new", a.get("k"), "the stale value was not installed");
    awaitServedFromMemory(a, "k");
    assertEquals("new", a.get("k"));
  }

  /**
   * A read whose answer is held back while the invalidation channel is cut, a write is made (its
   * report is lost) and the channel comes back: it must not install what it read.
   */
  @Test
  void aReadBegunBeforeALostChannelNeverInstallsAfterItIsBack() throws InterruptedException {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 0);
    b.put("k", "old");
    b.put("other", "x");
    awaitServedFromMemory(a, "other");
    CountDownLatch answered = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    holdTheFirstAnswerForK(answered, resume);
    try {
      Thread read = new Thread(() -> a.get("k"));
      read.start();
      assertTrue(answered.await(10, TimeUnit.SECONDS));
      killTrackingClients();
      b.put("k", "new"); // its report is lost with the channel
      awaitServedFromMemory(a, "other"); // the channel is back
      resume.countDown();
      read.join();
    } finally {
      Reads.beforeKeep = null;
    }
    assertEquals("new", a.get("k"));
    awaitServedFromMemory(a, "k");
    assertEquals("new", a.get("k"));
  }

  private String killTrackingClients() {
    String killed = "";
    for (String line : server.cli("CLIENT", "LIST").split("\n")) {
      Matcher flags = Pattern.compile("id=(\\d+) .* flags=(\\S+)").matcher(line);
      if (flags.find() && flags.group(2).contains("B")) {
        killed += server.cli("CLIENT", "KILL", "ID", flags.group(1));
      }
    }
    return killed;
  }

  @Test
  void anInstanceReadsItsOwnWritesWhileOthersReadTheSameKeys() throws InterruptedException {
    LarderCache<String, String> a = cache(instance(), 1_000);
    a.put("k0", "x");
    awaitServedFromMemory(a, "k0");
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> wrong = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      String key = "k" + t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 300 && wrong.get() == null; i++) {
          a.put(key, Integer.toString(i));
          String read = a.get(key);
          if (!Integer.toString(i).equals(read)) {
            wrong.compareAndSet(null, key + ": wrote " + i + ", read " + read);
          }
        }
      }));
    }
    for (int t = 0; t < 3; t++) {
      int seed = t;
      threads.add(new Thread(() -> {
        int n = seed;
        while (!done.get()) {
          a.get("k" + (n++ % 3));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (int t = 0; t < 3; t++) {
      threads.get(t).join();
    }
    done.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertNull(wrong.get());
  }

  @Test
  void aLostInvalidationChannelLeavesNothingStale() {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 0);
    b.put("k", "before");
    awaitServedFromMemory(a, "k");
    // cut a's invalidation channel (the only broadcast-tracking client), then change the key at once
    String killed = killTrackingClients();
    b.put("k", "after");
    assertTrue(killed.contains("1"), "killed the channel: " + killed);
    assertTrue(Await.until(Duration.ofMillis(BOUND + 2_000), () -> "after".equals(a.get("k"))));
    awaitServedFromMemory(a, "k"); // the channel is back
    for (int i = 0; i < 100; i++) {
      assertEquals("after", a.get("k"));
    }
    b.put("k", "later");
    assertTrue(Await.until(Duration.ofMillis(BOUND), () -> "later".equals(a.get("k"))),
        "the new channel reports changes");
  }

  @Test
  void afterARedisRestartNothingStaleIsServed() {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 0);
    b.put("k", "before");
    b.put("gone", "before");
    awaitServedFromMemory(a, "k");
    awaitServedFromMemory(a, "gone");
    server.restart(); // empty: nothing is saved; no invalidation is ever sent for "gone"
    assertTrue(Await.until(Duration.ofSeconds(10), () -> {
      try {
        b.put("k", "after");
        return true;
      } catch (CacheException e) {
        return false; // Redis is not back yet
      }
    }));
    assertTrue(Await.until(Duration.ofMillis(BOUND + 3_000), () -> {
      try {
        return "after".equals(a.get("k")) && a.get("gone") == null;
      } catch (CacheException e) {
        return false;
      }
    }), "no copy from before the restart is served");
    awaitServedFromMemory(a, "k");
    assertNull(a.get("gone"));
    b.put("k", "later");
    assertTrue(Await.until(Duration.ofMillis(BOUND), () -> "later".equals(a.get("k"))));
  }

  @Test
  void clearAndRemoveAreSeenAtOnceByTheInstanceThatMadeThem() {
    LarderCache<String, String> a = cache(instance(), 1_000);
    LarderCache<String, String> b = cache(instance(), 1_000);
    a.put("k", "v");
    a.put("j", "w");
    awaitServedFromMemory(a, "k");
    awaitServedFromMemory(b, "j");
    a.remove("k");
    assertNull(a.get("k"));
    a.clear();
    assertNull(a.get("j"));
    assertTrue(Await.until(Duration.ofMillis(BOUND), () -> b.get("j") == null), "b sees the clear");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
