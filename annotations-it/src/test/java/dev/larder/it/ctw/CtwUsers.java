package dev.larder.it.ctw;

import dev.larder.annotation.Cached;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A service woven at build time (ajc with larder-annotations on the aspect path). */
public class CtwUsers {

  final AtomicInteger calls = new AtomicInteger();
  volatile CountDownLatch gate = new CountDownLatch(0);
  volatile String suffix = "";

  /** Memoized with an explicit key, composite of two arguments. */
  @Cached(cache = "ctw-users", ttl = "10m", key = "#tenant, #id")
  public String find(String tenant, long id) throws InterruptedException {
    calls.incrementAndGet();
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gate never opened");
    }
    return tenant + "/" + id + suffix;
  }

  /** Calls {@link #find} through {@code this}. */
  public String findViaThis(String tenant, long id) throws InterruptedException {
    return find(tenant, id);
  }

  /** Keyed by a property of a record argument. */
  @Cached(cache = "ctw-profiles", key = "#user.id")
  public String profile(User user) {
    calls.incrementAndGet();
    return "profile of " + user.name();
  }

  /** Throws a checked exception, which must reach the caller unchanged and never be cached. */
  @Cached(cache = "ctw-failing")
  public String failing(long id) throws IOException {
    calls.incrementAndGet();
    throw new IOException("backend down for " + id);
  }

  /** Returns a primitive: boxing and unboxing through the cache. */
  @Cached(cache = "ctw-counts")
  public int count(String word) {
    calls.incrementAndGet();
    return word.length();
  }

  /** Asynchronous: concurrent callers share the in-flight future. */
  @Cached(cache = "ctw-async", key = "#id")
  public CompletableFuture<String> async(long id, CompletableFuture<String> result) {
    calls.incrementAndGet();
    return result;
  }

  /** No parameters: one fixed key. */
  @Cached(cache = "ctw-config")
  public String config() {
    calls.incrementAndGet();
    return "config" + suffix;
  }

  /** Three parameters: a composite key, bound without an argument array on a hit. */
  @Cached(cache = "ctw-prices")
  public String price(String sku, String currency, int quantity) {
    calls.incrementAndGet();
    return sku + " x" + quantity + " in " + currency + suffix;
  }

  /** Four parameters: always the full path, with a join point. */
  @Cached(cache = "ctw-quotes", key = "#sku, #quantity")
  public String quote(String sku, String currency, int quantity, String note) {
    calls.incrementAndGet();
    return sku + " x" + quantity + suffix;
  }

  /** A user, keyed by id. */
  public record User(long id, String name) {}
}
