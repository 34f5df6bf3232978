package dev.larder.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released at the same moment, for contention tests. */
public final class Race {

  private Race() {}

  /**
   * Submits {@code threads} copies of the task to the pool, releases them together and waits for
   * all of them (60 s at most each).
   *
   * @return each thread's result, in submission order
   * @throws Exception the first failure of a task, wrapped in an {@code ExecutionException}
   */
  public static <T> List<T> run(ExecutorService pool, int threads, Callable<T> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }
}
