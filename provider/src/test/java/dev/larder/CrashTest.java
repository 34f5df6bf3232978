package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is writing to a persistent cache with SIGKILL at random moments, reopens
 * the store and checks what survived: with the default durability every acknowledged entry, with
 * its value and deadline; with write-behind, everything but (at most) the writes of the last
 * window. Rounds: 10, or the {@code larder.crashRounds} system property.
 */
class CrashTest {

  private static final int ROUNDS = Integer.getInteger("larder.crashRounds", 10);

  @TempDir
  Path dir;

  /** An acknowledged write, as the child printed it. */
  private record Ack(String key, long deadline, long nanos) {}

  @Test
  void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
    Random random = new Random();
    for (int round = 0; round < ROUNDS; round++) {
      Path store = dir.resolve("commit-" + round);
      List<Ack> acks = runAndKill(store, "commit", 50 + random.nextInt(1_500));
      assertAllPresent(store, acks, acks.size(), round);
    }
  }

  @Test
  void writeBehindLosesAtMostItsWindow() throws Exception {
    Random random = new Random();
    long windowNanos = TimeUnit.MILLISECONDS.toNanos(100);
    // the child's acks reach us through a pipe; allow for the scheduling of two processes on 2 cores
    long slackNanos = TimeUnit.MILLISECONDS.toNanos(400);
    for (int round = 0; round < Math.max(3, ROUNDS / 3); round++) {
      Path store = dir.resolve("behind-" + round);
      List<Ack> acks = runAndKill(store, "write-behind", 200 + random.nextInt(3_000));
      long killedAt = System.nanoTime();
      int mustSurvive = 0;
      while (mustSurvive < acks.size() && acks.get(mustSurvive).nanos() < killedAt - windowNanos - slackNanos) {
        mustSurvive++;
      }
      assertAllPresent(store, acks, mustSurvive, round);
    }
  }

  private List<Ack> runAndKill(Path store, String durability, int acksBeforeKill) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), store.toString(), durability, "4");
    builder.redirectError(new File(store + ".stderr"));
    store.toFile().mkdirs();
    Process child = builder.start();
    List<Ack> acks = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ack ")) {
          String[] parts = line.split(" ");
          acks.add(new Ack(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
          if (acks.size() >= acksBeforeKill) {
            child.destroyForcibly();   // SIGKILL: no shutdown hook, no flush
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(acks.size() >= acksBeforeKill, "the child stopped early; see " + store + ".stderr");
    return acks;
  }

  private static void assertAllPresent(Path store, List<Ack> acks, int count, int round) {
    Properties p = new Properties();
    p.setProperty("larder.mode", "persistent");
    p.setProperty("larder.directory", store.toString());
    CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("larder:crash"), CrashTest.class.getClassLoader(), p);
    try {
      LarderCache<String, String> cache = LarderCache.of(manager.createCache("crash",
          new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
      for (int i = 0; i < count; i++) {
        Ack ack = acks.get(i);
        assertEquals("value-" + ack.key(), cache.get(ack.key()),
            "round " + round + ": acknowledged write " + ack.key() + " (" + i + " of " + count + ") was lost");
        assertEquals(ack.deadline(), cache.expiresAt(ack.key()).orElseThrow().toEpochMilli());
      }
    } finally {
      manager.close();
    }
  }
}
