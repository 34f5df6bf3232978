package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.larder.engine.Deadlines;
import dev.larder.redis.testing.RedisForClass;
import dev.larder.store.Store;
import dev.larder.store.StoreContract;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.JsonCodec;
import dev.larder.store.codec.TypeAllowlist;
import dev.larder.testing.Steps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the shared store, against a redis-server this test starts. */
class RedisStoreContractTest extends StoreContract {

  private static final AtomicInteger CACHES = new AtomicInteger();
  @RegisterExtension
  static final RedisForClass REDIS = new RedisForClass();

  @Override
  protected Store<String, String> newStore() {
    return open("contract-" + CACHES.incrementAndGet());
  }

  private Store<String, String> open(String cache) {
    Link link = Link.acquire(Endpoint.of(cache, REDIS.uri(), null, Duration.ofSeconds(3)));
    RedisStore<String, String> store = new RedisStore<>(new Settings<>(cache, "default", "test",
        new JsonCodec(new TypeAllowlist(String.class, String.class, List.of(), getClass().getClassLoader())), liveness,
        StoreExpiry.none(), (k, h) -> { }, 10_000, 0, nearCache()), link);
    if (store.tracking() != null && !dev.larder.redis.testing.Await.until(Duration.ofSeconds(10),
        () -> store.tracking().isEstablished())) {
      store.close();
      throw new AssertionError("the near cache's channel did not open");
    }
    return store;
  }

  /** The near cache's size of the stores under test (none here; {@link NearStoreContractTest} has one). */
  protected int nearCache() {
    return 0;
  }

  @Override
  protected boolean keepsEntriesInMemory() {
    return false;
  }

  @Test
  void entriesPastTheirDeadlineOnTheServersClockAreExpiredByMaintenance() {
    // the contract's clock is in 2024: these deadlines are long past, on the server's clock too
    for (int i = 0; i < 100; i++) {
      Steps.put(store, "k" + i, "v" + i, i % 2 == 0 ? Deadlines.NEVER : clock.millis() - 1 - i);
    }
    assertEquals(100, store.size());
    assertEquals(50, store.maintain(), "the odd keys are past their deadline");
    assertEquals(50, store.size());
    assertNull(store.get("k1"));
    assertEquals("v2", store.get("k2").value());
    assertEquals(0, store.maintain(), "nothing is left to expire");
  }
}
