package dev.larder.it.ctw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.annotation.CacheControl;
import dev.larder.it.ltw.LtwUsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs without any agent: {@link CtwUsers} was woven by ajc at build time with larder-annotations
 * as an aspect library, while {@link LtwUsers} (plain javac output) stays unwoven here.
 */
class CompileTimeWeavingTest {

  @Test
  void wovenAtBuildTimeNotWithoutIt() {
    assertTrue(Arrays.stream(CtwUsers.class.getDeclaredFields()).anyMatch(f -> f.getName().startsWith("ajc$")),
        "CtwUsers should carry ajc's weaving");
    LtwUsers plain = new LtwUsers();
    plain.find(1);
    plain.find(1);
    assertEquals(2, plain.calls.get(), "without the agent, LtwUsers is not memoized");
  }

  /**
   * Methods of up to three parameters get the inlined hit path (the woven class calls
   * {@code HitPath} itself); every shape, including four parameters, memoizes and revalidates.
   */
  @Test
  void everyMethodShapeMemoizesAndRevalidates() throws Exception {
    byte[] woven;
    try (InputStream in = CtwUsers.class.getResourceAsStream("CtwUsers.class")) {
      woven = in.readAllBytes();
    }
    assertTrue(new String(woven, StandardCharsets.ISO_8859_1).contains("dev/larder/annotation/support/HitPath"),
        "the hit advice should be inlined into the woven class");

    CtwUsers users = new CtwUsers();
    assertEquals("config", users.config());
    assertEquals("A-1 x3 in EUR", users.price("A-1", "EUR", 3));
    assertEquals("A-1 x3", users.quote("A-1", "EUR", 3, "first"));
    users.suffix = "!";
    assertEquals("config", users.config());
    assertEquals("A-1 x3 in EUR", users.price("A-1", "EUR", 3));
    assertEquals("A-1 x3", users.quote("A-1", "USD", 3, "the key ignores currency and note"));
    assertEquals(3, users.calls.get());

    assertEquals("A-1 x3 in EUR!", CacheControl.refresh(() -> users.price("A-1", "EUR", 3)));
    assertEquals("A-1 x3 in EUR!", users.price("A-1", "EUR", 3));
    assertEquals("config!", CacheControl.refresh(users::config));
    assertEquals("config!", users.config());
    assertEquals("A-1 x3!", CacheControl.refresh(() -> users.quote("A-1", "EUR", 3, "")));
    assertEquals(6, users.calls.get());
    assertEquals("A-2 x3 in EUR!", users.price("A-2", "EUR", 3));
    assertEquals(7, users.calls.get());
  }

  @Test
  void memoizesIncludingSelfCalls() throws Exception {
    CtwUsers users = new CtwUsers();
    assertEquals("acme/1", users.find("acme", 1));
    assertEquals("acme/1", users.find("acme", 1));
    assertEquals("acme/1", users.findViaThis("acme", 1));
    assertEquals("other/1", users.find("other", 1));
    assertEquals(2, users.calls.get());
  }

  @Test
  void sixtyFourThreadsOnOneMissingKeyRunTheMethodOnce() throws Exception {
    CtwUsers users = new CtwUsers();
    users.gate = new CountDownLatch(1);
    int threads = 64;
    CountDownLatch started = new CountDownLatch(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          started.countDown();
          return users.find("contended", 64);
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      users.gate.countDown();
      for (Future<String> result : results) {
        assertEquals("contended/64", result.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, users.calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refreshEvictAndClearWithoutKnowingTheKey() throws Exception {
    CtwUsers users = new CtwUsers();
    assertEquals("acme/5", users.find("acme", 5));
    users.suffix = "!";
    assertEquals("acme/5", users.find("acme", 5));
    assertEquals("acme/5!", CacheControl.refresh(() -> call(() -> users.find("acme", 5))));
    assertEquals("acme/5!", users.find("acme", 5));
    assertEquals(2, users.calls.get());

    CacheControl.evict(() -> call(() -> users.find("acme", 5)));
    assertEquals(2, users.calls.get(), "evict does not run the method");
    users.suffix = "?";
    assertEquals("acme/5?", users.find("acme", 5));

    CacheControl.clear("ctw-users");
    users.suffix = "#";
    assertEquals("acme/5#", users.find("acme", 5));
    assertEquals(4, users.calls.get());
  }

  @Test
  void propertyKeysPrimitivesAndCheckedExceptions() throws Exception {
    CtwUsers users = new CtwUsers();
    assertEquals("profile of Ada", users.profile(new CtwUsers.User(1, "Ada")));
    assertEquals("profile of Ada", users.profile(new CtwUsers.User(1, "renamed")));
    assertEquals(5, users.count("hello"));
    assertEquals(5, users.count("hello"));
    assertEquals(2, users.calls.get());

    CacheControl.evict(() -> users.count("hello"));
    assertEquals(5, users.count("hello"));
    assertEquals(3, users.calls.get(), "evicted, so computed again");

    IOException first = assertThrows(IOException.class, () -> users.failing(3));
    assertEquals("backend down for 3", first.getMessage());
    assertThrows(IOException.class, () -> users.failing(3));
    assertEquals(5, users.calls.get(), "exceptions are never cached");
  }

  @Test
  void futuresAreSharedThenCached() {
    CtwUsers users = new CtwUsers();
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> first = users.async(1, pending);
    CompletableFuture<String> second = users.async(1, CompletableFuture.completedFuture("other"));
    assertFalse(second.isDone());
    pending.complete("done");
    assertEquals("done", first.join());
    assertEquals("done", second.join());
    assertEquals("done", users.async(1, CompletableFuture.completedFuture("other")).join());
    assertEquals(1, users.calls.get());
  }

  private interface Body {
    Object run() throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> T call(Body body) {
    try {
      return (T) body.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
