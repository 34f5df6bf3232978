package dev.larder.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import dev.larder.testing.RecordingListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/** Duration.ZERO answers, null answers, throwing policies, and what an expired entry looks like. */
class ZeroAndCustomExpiryTest extends CacheTestBase {

  private static final Duration TEN_SECONDS = new Duration(TimeUnit.SECONDS, 10);

  /** A policy built from three suppliers, counting its calls. */
  static final class Policy implements ExpiryPolicy {
    final Supplier<Duration> creation;
    final Supplier<Duration> access;
    final Supplier<Duration> update;
    final AtomicInteger calls = new AtomicInteger();

    Policy(Supplier<Duration> creation, Supplier<Duration> access, Supplier<Duration> update) {
      this.creation = creation;
      this.access = access;
      this.update = update;
    }

    @Override
    public Duration getExpiryForCreation() {
      calls.incrementAndGet();
      return creation.get();
    }

    @Override
    public Duration getExpiryForAccess() {
      calls.incrementAndGet();
      return access.get();
    }

    @Override
    public Duration getExpiryForUpdate() {
      calls.incrementAndGet();
      return update.get();
    }
  }

  private Cache<String, String> cacheWith(ExpiryPolicy policy) {
    Factory<ExpiryPolicy> factory = () -> policy;
    Cache<String, String> cache = create(config(String.class, String.class)
        .setExpiryPolicyFactory(factory).setStatisticsEnabled(true));
    return cache;
  }

  @Test
  void zeroOnCreationStoresNothingFiresNothingCountsNoPut() {
    Cache<String, String> cache = create(config(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ZERO)).setStatisticsEnabled(true));
    RecordingListener<String, String> listener = listen(cache);
    cache.put("a", "1");
    cache.putAll(Map.of("b", "2", "c", "3"));
    assertNull(cache.getAndPut("d", "4"));
    assertTrue(cache.putIfAbsent("e", "5"));
    for (String k : List.of("a", "b", "c", "d", "e")) {
      assertFalse(cache.containsKey(k), k);
    }
    assertFalse(cache.iterator().hasNext());
    assertFalse(cache.remove("a"));
    assertEquals(List.of(), listener.events());
    assertEquals(0, statistics(cache).getCachePuts());
  }

  @Test
  void zeroOnAccessReturnsTheValueOnceThenItIsGone() {
    Cache<String, String> cache = cacheWith(new Policy(() -> Duration.ETERNAL, () -> Duration.ZERO, () -> null));
    RecordingListener<String, String> listener = listen(cache);
    cache.put("k", "v");
    assertTrue(cache.containsKey("k"));
    assertEquals("v", cache.get("k"));
    assertFalse(cache.containsKey("k"));
    assertNull(cache.get("k"));
    assertEquals(List.of("CREATED k v -", "EXPIRED k v v"), listener.events());
  }

  @Test
  void zeroOnAccessViaIteratorReturnsTheEntryOnce() {
    Cache<String, String> cache = cacheWith(new Policy(() -> Duration.ETERNAL, () -> Duration.ZERO, () -> null));
    cache.put("k", "v");
    assertEquals("k", cache.iterator().next().getKey());
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void zeroOnAccessLeavesGetAndPutAlive() {
    Cache<String, String> cache = cacheWith(new Policy(() -> Duration.ETERNAL, () -> Duration.ZERO, () -> null));
    cache.put("k", "v");
    assertEquals("v", cache.getAndPut("k", "w"));
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void zeroOnUpdateExpiresAtOnceButGetAndPutReturnsTheOldValue() {
    Cache<String, String> cache = cacheWith(new Policy(() -> Duration.ETERNAL, () -> null, () -> Duration.ZERO));
    cache.put("a", "1");
    cache.put("a", "2");
    assertFalse(cache.containsKey("a"));
    cache.put("b", "1");
    assertEquals("1", cache.getAndPut("b", "2"));
    assertFalse(cache.containsKey("b"));
    cache.put("c", "1");
    assertTrue(cache.replace("c", "1", "2"));
    assertFalse(cache.containsKey("c"));
    cache.put("d", "1");
    assertEquals("1", cache.get("d"));
    assertTrue(cache.containsKey("d"), "reads do not expire it");
  }

  @Test
  void nullAnswersMeanEternalOnCreationAndUnchangedOtherwise() {
    AtomicInteger phase = new AtomicInteger();
    Cache<String, String> cache = cacheWith(new Policy(
        () -> phase.get() == 0 ? null : TEN_SECONDS, () -> null, () -> null));
    cache.put("eternal", "v");
    phase.set(1);
    cache.put("ten", "v");
    clock.advanceMillis(9_000);
    cache.get("ten");
    cache.put("ten", "w");
    clock.advanceMillis(1_000);
    assertFalse(cache.containsKey("ten"), "null on access/update kept the creation deadline");
    clock.advanceMillis(TimeUnit.DAYS.toMillis(1000));
    assertTrue(cache.containsKey("eternal"));
  }

  @Test
  void throwingPolicyFallsBackToEternalAndUnchanged() {
    Policy policy = new Policy(() -> {
      throw new IllegalStateException("creation");
    }, () -> {
      throw new IllegalStateException("access");
    }, () -> {
      throw new IllegalStateException("update");
    });
    Cache<String, String> cache = cacheWith(policy);
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    cache.put("k", "w");
    clock.advanceMillis(TimeUnit.DAYS.toMillis(1000));
    assertEquals("w", cache.get("k"));
    assertEquals(4, policy.calls.get());
  }

  @Test
  void throwingAccessAnswerKeepsTheCreationDeadline() {
    Cache<String, String> cache = cacheWith(new Policy(() -> TEN_SECONDS, () -> {
      throw new IllegalStateException("access");
    }, () -> null));
    cache.put("k", "v");
    clock.advanceMillis(9_999);
    assertEquals("v", cache.get("k"));
    clock.advanceMillis(1);
    assertNull(cache.get("k"));
  }

  @Test
  void putIfAbsentOnPresentKeyAsksThePolicyNothing() {
    Policy policy = new Policy(() -> Duration.ETERNAL, () -> TEN_SECONDS, () -> TEN_SECONDS);
    Cache<String, String> cache = cacheWith(policy);
    cache.put("k", "v");
    int before = policy.calls.get();
    assertFalse(cache.putIfAbsent("k", "w"));
    assertTrue(cache.containsKey("k"));
    assertEquals(before, policy.calls.get());
  }
}
