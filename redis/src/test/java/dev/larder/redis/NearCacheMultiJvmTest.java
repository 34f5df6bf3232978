package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.ChildJvm;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * A second JVM ({@link SharedChild}, near cache on) writes a key that this JVM reads through its
 * near cache while four threads keep reading: every write is seen here within the staleness bound.
 */
class NearCacheMultiJvmTest {

  @Test
  void aSecondJvmsWriteIsSeenWithinTheBoundUnderLoad() throws InterruptedException {
    try (RedisServer server = RedisServer.start(); Instances instances = new Instances()) {
      String namespace = "near-multi";
      try (ChildJvm child = new ChildJvm(SharedChild.class, server.uri(), namespace, "1000", "1000")) {
        child.await("ready", Duration.ofSeconds(90));
        CacheManager manager = instances.managerAt("urn:larder:multi-jvm", server.uri(), namespace,
            "larder.redis.lease", "1000ms");
        LarderCache<String, String> jobs = LarderCache.of(manager.createCache("jobs",
            new LarderConfiguration<String, String>().setTypes(String.class, String.class).setRedisNearCache(1_000)));
        child.send("put k v0");
        child.await("put", Duration.ofSeconds(30));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> "v0".equals(jobs.get("k"))));
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Thread thread = new Thread(() -> {
            int n = 0;
            while (!done.get()) {
              jobs.get(n++ % 2 == 0 ? "k" : "other");
            }
          });
          thread.start();
          load.add(thread);
        }
        long worst = 0;
        try {
          for (int i = 1; i <= 15; i++) {
            String value = "v" + i;
            child.send("put k " + value);
            child.await("put", Duration.ofSeconds(30)); // the write returned in the other JVM
            long seenBy = System.nanoTime();
            assertTrue(Await.until(Duration.ofMillis(NearCache.STALENESS_MILLIS + 500),
                () -> value.equals(jobs.get("k"))), "this JVM sees " + value);
            worst = Math.max(worst, System.nanoTime() - seenBy);
          }
        } finally {
          done.set(true);
          for (Thread t : load) {
            t.join();
          }
        }
        long worstMillis = TimeUnit.NANOSECONDS.toMillis(worst);
        System.out.println("NearCacheMultiJvmTest: the other JVM's write seen after at most " + worstMillis
            + " ms (from the moment its acknowledgement was read here; bound " + NearCache.STALENESS_MILLIS + " ms)");
        assertTrue(worstMillis <= NearCache.STALENESS_MILLIS, "seen after " + worstMillis + " ms");
        child.send("exit");
        child.await("bye", Duration.ofSeconds(30));
      }
    }
  }
}
