package dev.larder.annotation.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.annotation.Cached;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JoinPointTableTest {

  @SuppressWarnings("unused")
  static class Methods {
    @Cached(cache = "a") String a(long id) { return ""; }
    @Cached(cache = "b") String b(long id) { return ""; }
  }

  private static CachedMethod described(String name) throws Exception {
    Method method = Methods.class.getDeclaredMethod(name, long.class);
    return CachedMethod.of(method, method.getAnnotation(Cached.class), null);
  }

  @Test
  void findsEveryHandleByIdentityAcrossGrowth() throws Exception {
    JoinPointTable table = new JoinPointTable();
    CachedMethod a = described("a");
    CachedMethod b = described("b");
    List<Object> handles = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Object handle = new Object();
      handles.add(handle);
      table.putIfAbsent(handle, i % 2 == 0 ? a : b);
    }
    for (int i = 0; i < handles.size(); i++) {
      assertSame(i % 2 == 0 ? a : b, table.get(handles.get(i)));
    }
    assertNull(table.get(new Object()));
    assertNull(table.get("an equal-looking but different handle"));
  }

  @Test
  void theFirstDescriptionOfAHandleStays() throws Exception {
    JoinPointTable table = new JoinPointTable();
    Object handle = new Object();
    CachedMethod a = described("a");
    table.putIfAbsent(handle, a);
    table.putIfAbsent(handle, described("b"));
    assertSame(a, table.get(handle));
  }

  /** Readers never miss a handle stored before they looked, while writers keep growing the table. */
  @Test
  void readersSeeEveryStoredHandleWhileEightWritersInsert() throws Exception {
    JoinPointTable table = new JoinPointTable();
    CachedMethod a = described("a");
    int writers = 8;
    int perWriter = 2_000;
    List<Object> stored = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        readers.add(pool.submit(() -> {
          start.await();
          int checked = 0;
          while (!done.get()) {
            Object[] snapshot;
            synchronized (stored) {
              snapshot = stored.toArray();
            }
            for (Object handle : snapshot) {
              assertSame(a, table.get(handle));
              checked++;
            }
          }
          return checked;
        }));
      }
      List<Future<?>> writing = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        writing.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            Object handle = new Object();
            table.putIfAbsent(handle, a);
            stored.add(handle);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : writing) {
        w.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      for (Future<Integer> r : readers) {
        assertTrue(r.get(60, TimeUnit.SECONDS) >= 0);
      }
      assertEquals(writers * perWriter, stored.size());
      for (Object handle : stored) {
        assertSame(a, table.get(handle));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
