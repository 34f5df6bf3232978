package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Await;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.OwnPolicy;
import dev.larder.redis.testing.RedisForClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code putAll} and {@code removeAll} as batches, on both paths: direct writes (one script per
 * key, pipelined; the default) and steps (leases and commits pipelined; forced here by an expiry
 * policy of the application's own). Each entry of a batch is committed exactly once under
 * contention from other instances' batches on the same keys, and a batch that meets a key another
 * instance holds waits for it (one key at a time) instead of overtaking it or deadlocking.
 */
class SharedBatchTest {

  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();
  @RegisterExtension
  final Instances instances = new Instances();

  private LarderCache<String, String> cache(int nearCache, boolean steps) {
    CacheManager manager = instances.manager(REDIS.uri(), instances.namespace());
    LarderConfiguration<String, String> config = new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class).setRedisNearCache(nearCache);
    if (steps) {
      config.setExpiryPolicyFactory(() -> new OwnPolicy(java.util.concurrent.ConcurrentHashMap.newKeySet()));
    }
    return LarderCache.of(manager.createCache("batches", config));
  }

  /** Counts the changes another instance hears of. */
  public static final class Counter implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String> {
    static final AtomicInteger CHANGES = new AtomicInteger();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> CHANGES.incrementAndGet());
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> CHANGES.incrementAndGet());
    }
  }

  @ParameterizedTest(name = "steps={0}")
  @ValueSource(booleans = {false, true})
  void overlappingBatchesOfTwoInstancesCommitEveryEntryOnce(boolean steps) throws InterruptedException {
    LarderCache<String, String> a = cache(0, steps);
    LarderCache<String, String> b = cache(100, steps);
    LarderCache<String, String> listener = cache(0, steps);
    Counter.CHANGES.set(0);
    listener.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(Counter.class), null, false, false));
    int rounds = 15;
    int threadsPerInstance = 3;
    AtomicInteger written = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (LarderCache<String, String> cache : List.of(a, b)) {
      for (int t = 0; t < threadsPerInstance; t++) {
        String writer = (cache == a ? "a" : "b") + t;
        int offset = t * 7;
        threads.add(new Thread(() -> {
          try {
            go.await();
            for (int r = 0; r < rounds; r++) {
              Map<String, String> batch = new HashMap<>();
              for (int k = 0; k < 30; k++) {
                batch.put("k" + ((offset + k + r) % 40), writer + "." + r);
              }
              cache.putAll(batch);
              written.addAndGet(batch.size());
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
    }
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertNull(failure.get());
    assertEquals(2 * threadsPerInstance * rounds * 30, written.get());
    assertTrue(Await.until(Duration.ofSeconds(10), () -> Counter.CHANGES.get() >= written.get()));
    Thread.sleep(200);
    assertEquals(written.get(), Counter.CHANGES.get(), "one event per entry written: none lost, none twice");
    for (int k = 0; k < 40; k++) {
      String value = a.get("k" + k);
      assertEquals(value, b.get("k" + k), "both instances read the same");
      assertTrue(value.matches("[ab][0-9]\\.[0-9]+"), value);
    }
  }

  @ParameterizedTest(name = "steps={0}")
  @ValueSource(booleans = {false, true})
  void aBatchWaitsForAKeyAnotherInstanceHolds(boolean steps) throws Exception {
    LarderCache<String, String> a = cache(0, steps);
    LarderCache<String, String> b = cache(0, steps);
    a.put("held", "0");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> a.invoke("held", (entry, args) -> {
      inside.countDown();
      try {
        release.await(10, TimeUnit.SECONDS); // holds the key's lease until the batch is seen waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      entry.setValue("by the processor");
      return null;
    }));
    holder.start();
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    CompletableFuture<Void> batch = CompletableFuture.runAsync(
        () -> b.putAll(Map.of("held", "by the batch", "free", "by the batch")));
    assertThrows(TimeoutException.class, () -> batch.get(300, TimeUnit.MILLISECONDS),
        "the batch waits for the processor's lease");
    release.countDown();
    batch.get(10, TimeUnit.SECONDS);
    holder.join();
    assertEquals("by the batch", a.get("held"), "the batch landed after the processor's commit");
    assertEquals("by the batch", a.get("free"));
    b.removeAll(Set.of("held", "free"));
    assertNull(a.get("held"));
    assertNull(a.get("free"));
  }
}
