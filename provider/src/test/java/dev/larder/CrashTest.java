package dev.larder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is writing to a persistent cache with SIGKILL at random moments, reopens
 * the store and checks what survived. The child creates, overwrites and deletes keys (see {@link
 * CrashChild}); for every key the reopened store must hold the state of the last acknowledged
 * operation on it, with the acknowledged deadline — or of a later operation of its thread (the
 * child runs on until the kill lands; its acknowledgements after the last one read are lost). With write-behind, operations acknowledged within the last window may be
 * lost, so a key may also hold the state of any later acknowledged operation or of the last one
 * older than the window. Rounds: 10, or the {@code larder.crashRounds} system property.
 */
class CrashTest {

  private static final int ROUNDS = Integer.getInteger("larder.crashRounds", 10);
  private static final int THREADS = 4;

  @TempDir
  Path dir;

  /** An acknowledged operation, as the child printed it. */
  private record Ack(int thread, long op, long deadline, long nanos) {
    String key() {
      return CrashChild.key(thread, op);
    }
  }

  @Test
  void everyAcknowledgedWriteOverwriteAndDeleteSurvivesKillMinusNine() throws Exception {
    Random random = new Random();
    for (int round = 0; round < ROUNDS; round++) {
      Path store = dir.resolve("commit-" + round);
      List<Ack> acks = runAndKill(store, "commit", 50 + random.nextInt(1_500));
      assertSurvived(store, acks, Long.MAX_VALUE, round);
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
      assertSurvived(store, acks, killedAt - windowNanos - slackNanos, round);
    }
  }

  private List<Ack> runAndKill(Path store, String durability, int acksBeforeKill) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), store.toString(), durability, String.valueOf(THREADS));
    builder.redirectError(new File(store + ".stderr"));
    store.toFile().mkdirs();
    Process child = builder.start();
    List<Ack> acks = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ack ")) {
          String[] parts = line.split(" ");
          acks.add(new Ack(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
              Long.parseLong(parts[4])));
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

  /**
   * Checks every key the child touched: its state after the reopen must be one the acknowledgements
   * allow. {@code cutoff}: acknowledgements before this {@code nanoTime} must have survived.
   */
  private static void assertSurvived(Path store, List<Ack> acks, long cutoff, int round) {
    Map<String, List<Ack>> byKey = new HashMap<>();
    long[] lastOp = new long[THREADS];
    java.util.Arrays.fill(lastOp, -1);
    for (Ack ack : acks) {
      byKey.computeIfAbsent(ack.key(), k -> new ArrayList<>()).add(ack);
      lastOp[ack.thread()] = Math.max(lastOp[ack.thread()], ack.op());
    }
    Properties p = new Properties();
    p.setProperty("larder.mode", "persistent");
    p.setProperty("larder.directory", store.toString());
    CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("larder:crash"), CrashTest.class.getClassLoader(), p);
    try {
      LarderCache<String, String> cache = LarderCache.of(manager.createCache("crash",
          new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
      int overwritten = 0;
      int deleted = 0;
      for (int t = 0; t < THREADS; t++) {
        for (int k = 0; k < CrashChild.KEYS_PER_THREAD; k++) {
          String key = t + "-" + k;
          List<Ack> history = byKey.getOrDefault(key, List.of());
          String actual = cache.get(key);
          Long actualDeadline = cache.expiresAt(key).map(java.time.Instant::toEpochMilli).orElse(null);
          // the states the key may be in: after each acknowledged op from the last one that had to
          // survive on, or after the op its thread had under way when killed
          int firstAllowed = 0;
          for (int i = 0; i < history.size(); i++) {
            if (history.get(i).nanos() < cutoff) {
              firstAllowed = i;
            }
          }
          boolean mustHaveSome = !history.isEmpty() && history.get(firstAllowed).nanos() < cutoff;
          boolean allowed = !mustHaveSome && actual == null;
          for (int i = firstAllowed; i < history.size() && !allowed; i++) {
            Ack ack = history.get(i);
            allowed = CrashChild.removes(ack.op()) ? actual == null
                : CrashChild.value(t, ack.op()).equals(actual) && Long.valueOf(ack.deadline()).equals(actualDeadline);
          }
          // the child went on until the kill landed: later operations of the thread, acknowledged
          // on a pipe no longer read, may have happened too
          for (long later = lastOp[t] + 1; later <= lastOp[t] + 100_000 && !allowed; later++) {
            if (CrashChild.key(t, later).equals(key)) {
              allowed = CrashChild.removes(later) ? actual == null : CrashChild.value(t, later).equals(actual);
            }
          }
          assertTrue(allowed, "round " + round + ": key " + key + " holds " + actual + " (deadline " + actualDeadline
              + "), not a state its acknowledged operations allow: " + history);
          overwritten += history.stream().filter(a -> !CrashChild.removes(a.op())).count() > 1 ? 1 : 0;
          deleted += history.stream().anyMatch(a -> CrashChild.removes(a.op())) ? 1 : 0;
        }
      }
      if (acks.size() >= 8 * CrashChild.KEYS_PER_THREAD * THREADS / 2) {
        assertTrue(overwritten > 0 && deleted > 0, "the round exercised overwrites and deletes");
      }
    } finally {
      manager.close();
    }
  }
}
