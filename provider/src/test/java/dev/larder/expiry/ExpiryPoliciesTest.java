package dev.larder.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.testing.CacheTestBase;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** The built-in expiry policies, driven through a real cache by the manual clock. */
class ExpiryPoliciesTest extends CacheTestBase {

  private static final Duration TEN_SECONDS = new Duration(TimeUnit.SECONDS, 10);

  private Cache<String, String> cacheWith(Factory<? extends ExpiryPolicy> policy) {
    return create(config(String.class, String.class).setExpiryPolicyFactory(policy));
  }

  @Test
  void createdExpiresTenSecondsAfterCreationWhateverHappensMeanwhile() {
    Cache<String, String> cache = cacheWith(CreatedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v1");
    clock.advanceMillis(5_000);
    assertEquals("v1", cache.get("k"));
    cache.put("k", "v2");
    clock.advanceMillis(4_999);
    assertTrue(cache.containsKey("k"));
    clock.advanceMillis(1);
    assertFalse(cache.containsKey("k"), "deadline == now is expired");
    assertNull(cache.get("k"));
  }

  @Test
  void accessedRenewsOnReadOnly() {
    Cache<String, String> cache = cacheWith(AccessedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(5_000);
    assertEquals("v", cache.get("k"));          // deadline now t=15s
    clock.advanceMillis(9_999);
    assertTrue(cache.containsKey("k"));          // containsKey does not renew
    clock.advanceMillis(1);
    assertNull(cache.get("k"));
  }

  @Test
  void accessedDoesNotRenewOnUpdate() {
    Cache<String, String> cache = cacheWith(AccessedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(9_000);
    cache.put("k", "v2");
    clock.advanceMillis(1_000);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void modifiedRenewsOnUpdateButNotOnRead() {
    Cache<String, String> cache = cacheWith(ModifiedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(5_000);
    assertEquals("v", cache.get("k"));
    cache.put("k", "v2");                        // deadline now t=15s
    clock.advanceMillis(5_000);
    assertEquals("v2", cache.get("k"));
    clock.advanceMillis(4_999);
    assertTrue(cache.containsKey("k"));
    clock.advanceMillis(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void modifiedRenewsOnReplaceAndInvokeSetValue() {
    Cache<String, String> cache = cacheWith(ModifiedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(8_000);
    assertTrue(cache.replace("k", "v2"));
    clock.advanceMillis(8_000);
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v3");
      return null;
    });
    clock.advanceMillis(9_999);
    assertEquals("v3", cache.get("k"));
  }

  @Test
  void touchedRenewsOnReadAndOnUpdate() {
    Cache<String, String> cache = cacheWith(TouchedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(9_000);
    cache.get("k");                              // t=19s
    clock.advanceMillis(9_000);
    cache.put("k", "v2");                        // t=28s
    clock.advanceMillis(9_999);
    assertTrue(cache.containsKey("k"));
    clock.advanceMillis(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void iterationCountsAsAccess() {
    Cache<String, String> cache = cacheWith(AccessedExpiryPolicy.factoryOf(TEN_SECONDS));
    cache.put("k", "v");
    clock.advanceMillis(9_000);
    cache.iterator().forEachRemaining(e -> { });
    clock.advanceMillis(9_000);
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void eternalNeverExpires() {
    Cache<String, String> cache = cacheWith(EternalExpiryPolicy.factoryOf());
    cache.put("k", "v");
    clock.advanceMillis(TimeUnit.DAYS.toMillis(3650));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void defaultPolicyIsEternal() {
    Cache<String, String> cache = stringCache();
    cache.put("k", "v");
    clock.advanceMillis(TimeUnit.DAYS.toMillis(3650));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void hugeDurationSaturatesInsteadOfExpiringAtOnce() {
    Cache<String, String> cache = cacheWith(CreatedExpiryPolicy.factoryOf(
        new Duration(TimeUnit.DAYS, Long.MAX_VALUE / 2)));
    cache.put("k", "v");
    clock.advanceMillis(TimeUnit.DAYS.toMillis(365));
    assertTrue(cache.containsKey("k"));
  }
}
