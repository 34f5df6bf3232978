package dev.larder;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.Cache;

/**
 * A {@link javax.cache.Cache} with the operations people know from hosted key-value caches:
 * a time to live per entry, get-or-compute with one computation per key, extending a time to
 * live, listing keys by pattern, and atomic read-modify-write with a time to live.
 *
 * <p>Every {@code javax.cache.Cache} method keeps its JSR-107 meaning. The extensions behave like
 * the corresponding standard operations for write-through, events and statistics: a write counts
 * a put and fires CREATED or UPDATED, a removal counts a removal and fires REMOVED, a lookup counts
 * a hit or a miss.
 *
 * <p><b>Time to live.</b> Where a method takes a {@code ttl}, it replaces the expiry policy's
 * creation or update answer for that one write: the entry expires {@code ttl} after the write.
 * Later reads still apply the policy's access rule (for example a {@code TouchedExpiryPolicy}
 * renews on access). A {@code null} ttl means "as the cache's expiry policy (or its configured
 * default time to live) says". A ttl must be positive; {@link #FOREVER} means the entry never
 * expires. Time is measured in milliseconds; shorter non-zero durations round up to 1 ms.
 *
 * <p>Obtain one with {@link #of(Cache)} or {@code cache.unwrap(LarderCache.class)}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface LarderCache<K, V> extends Cache<K, V> {

  /** The time to live of an entry that never expires, as reported by {@link #ttl(Object)}. */
  Duration FOREVER = ChronoUnit.FOREVER.getDuration();

  /**
   * Returns the Larder view of a cache.
   *
   * @param cache a cache created by Larder
   * @param <K> key type
   * @param <V> value type
   * @return the same cache, typed as a {@code LarderCache}
   * @throws IllegalArgumentException if the cache does not come from Larder
   */
  @SuppressWarnings("unchecked")
  static <K, V> LarderCache<K, V> of(Cache<K, V> cache) {
    if (cache instanceof LarderCache<K, V> larder) {
      return larder;
    }
    try {
      return cache.unwrap(LarderCache.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cache '" + cache.getName() + "' is a " + cache.getClass().getName()
          + ", not a Larder cache; create it with Larder's CachingProvider (dev.larder.spi.LarderCachingProvider)", e);
    }
  }

  /**
   * Stores a value that expires {@code ttl} after now, replacing any current value.
   *
   * @param key the key, not {@code null}
   * @param value the value, not {@code null}
   * @param ttl how long the entry lives; positive, or {@link #FOREVER}
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   * @throws javax.cache.CacheException if a size limit is exceeded or write-through fails
   */
  void put(K key, V value, Duration ttl);

  /**
   * Stores a value with a time to live only if the key has no live entry: the idempotency-key
   * pattern (the first caller wins, later callers learn that they lost).
   *
   * @param key the key, not {@code null}
   * @param value the value, not {@code null}
   * @param ttl how long the entry lives; positive, or {@link #FOREVER}
   * @return {@code true} if this call stored the value
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  boolean putIfAbsent(K key, V value, Duration ttl);

  /**
   * Replaces the value of a live entry and gives it a new time to live.
   *
   * @param key the key, not {@code null}
   * @param value the new value, not {@code null}
   * @param ttl how long the entry lives from now; positive, or {@link #FOREVER}
   * @return {@code true} if the key had a live entry and it was replaced
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  boolean replace(K key, V value, Duration ttl);

  /**
   * Returns the live value of a key without loading anything: unlike {@link #get}, a miss never
   * calls the cache's {@code CacheLoader}. A hit counts as a hit and renews the entry as a read
   * does; a miss counts nothing, so a caller that goes on to {@code getOrCompute} is counted once.
   *
   * @param key the key, not {@code null}
   * @return the value, or {@code null} if the key has no live entry
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalStateException if the cache is closed
   */
  V getIfPresent(K key);

  /**
   * Returns the cached value, or computes, stores and returns it on a miss, with the expiry the
   * cache's policy gives. Equivalent to {@code getOrCompute(key, loader, null)}.
   *
   * @param key the key, not {@code null}
   * @param loader computes the value of a missing key; may return {@code null} (nothing cached)
   * @return the cached or computed value, or {@code null} if the loader returned {@code null}
   * @see #getOrCompute(Object, Function, Duration)
   */
  V getOrCompute(K key, Function<? super K, ? extends V> loader);

  /**
   * Returns the cached value, or computes, stores and returns it on a miss.
   *
   * <p>One computation per key at a time in this JVM: callers that miss the same key while a
   * computation is running wait for it and share its result. If the loader throws, every waiting
   * caller receives that exception and nothing is cached. A {@code null} result is returned but not
   * cached. The computed value is stored like a {@code put} (write-through, CREATED event, a put in
   * the statistics); the lookup counts a hit or a miss. A write, removal or clear of the key that
   * lands while the loader runs wins: the computed value is then returned to the callers but not
   * stored over it. A loader that asks for its own key again fails with an
   * {@link IllegalStateException} instead of waiting for itself.
   *
   * @param key the key, not {@code null}
   * @param loader computes the value of a missing key; runs in the calling thread
   * @param ttl how long a computed value lives; {@code null} for the cache's policy
   * @return the cached or computed value, or {@code null} if the loader returned {@code null}
   * @throws NullPointerException if {@code key} or {@code loader} is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   * @throws RuntimeException whatever the loader threw (unchecked exceptions pass through as they are)
   */
  V getOrCompute(K key, Function<? super K, ? extends V> loader, Duration ttl);

  /**
   * Like {@link #getOrCompute(Object, Function, Duration)}, but also tells whether the value came
   * from the cache (for logs and metrics) or was computed by this call or one it waited for.
   *
   * @param key the key, not {@code null}
   * @param loader computes the value of a missing key
   * @param ttl how long a computed value lives; {@code null} for the cache's policy
   * @return the value and where it came from
   */
  Lookup<V> lookup(K key, Function<? super K, ? extends V> loader, Duration ttl);

  /**
   * Computes a fresh value for a key even if one is cached, and stores it — unless the key was
   * written, removed or cleared while it was computed: that change wins, and the fresh value is
   * only returned (a refresh never overwrites a newer change). Meanwhile readers keep getting the
   * cached value, and callers of {@code getOrCompute} that miss the key wait for this computation.
   * A computation of the key already in flight is superseded: its value is not stored.
   *
   * @param key the key, not {@code null}
   * @param loader computes the fresh value; runs in the calling thread; may return {@code null}
   *     (the cached value is then removed, as no value is now right)
   * @param ttl how long the fresh value lives; {@code null} for the cache's policy
   * @return the fresh value
   * @throws NullPointerException if {@code key} or {@code loader} is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   * @throws RuntimeException whatever the loader threw; the cached value then stays
   */
  V refresh(K key, Function<? super K, ? extends V> loader, Duration ttl);

  /**
   * The asynchronous twin of {@link #getOrCompute(Object, Function, Duration)}: on a miss the loader
   * starts a computation and callers that miss the same key meanwhile share the same future. A
   * value that completes normally and is not {@code null} is stored; a failed future caches nothing
   * and fails for every caller that shares it.
   *
   * @param key the key, not {@code null}
   * @param loader starts the computation of a missing key
   * @param ttl how long a computed value lives; {@code null} for the cache's policy
   * @return a future of the cached or computed value; already complete on a hit
   * @throws NullPointerException if {@code key} or {@code loader} is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<V> getOrComputeAsync(K key,
      Function<? super K, ? extends CompletionStage<? extends V>> loader, Duration ttl);

  /**
   * Pushes a live entry's expiry later by {@code by}: the new deadline is the current deadline plus
   * {@code by} (so "extend by five minutes" adds five minutes to whatever time the entry had left).
   * An entry that never expires is left as it is. Fires no event; changes no statistics.
   *
   * @param key the key, not {@code null}
   * @param by how much later; positive
   * @return {@code true} if the key had a live entry
   * @throws IllegalArgumentException if {@code by} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  boolean extend(K key, Duration by);

  /**
   * Sets a live entry's remaining time to live, counted from now (like Redis {@code EXPIRE}).
   *
   * @param key the key, not {@code null}
   * @param ttl the new time to live from now; positive, or {@link #FOREVER}
   * @return {@code true} if the key had a live entry
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  boolean expireAfter(K key, Duration ttl);

  /**
   * Returns how long a live entry has left.
   *
   * @param key the key, not {@code null}
   * @return the remaining time (at least 1 ms), {@link #FOREVER} if it never expires, or empty if
   *     the key has no live entry
   * @throws IllegalStateException if the cache is closed
   */
  Optional<Duration> ttl(K key);

  /**
   * Returns when a live entry expires.
   *
   * @param key the key, not {@code null}
   * @return the deadline, {@link java.time.Instant#MAX} if it never expires, or empty if the key has
   *     no live entry
   * @throws IllegalStateException if the cache is closed
   */
  Optional<java.time.Instant> expiresAt(K key);

  /**
   * Lists the keys of live entries whose string form ({@code String.valueOf(key)}) matches a glob
   * pattern: {@code *} matches any run of characters, {@code ?} exactly one, {@code [abc]} and
   * {@code [a-z]} one of a set ({@code [!a-z]} one not in it), and {@code \} makes the next character
   * literal. The stream is lazy and weakly consistent: it walks the cache as it is consumed, never
   * copies the key set, and may or may not show changes made meanwhile. It counts no statistics.
   *
   * @param pattern the glob pattern, for example {@code "session:*"} or {@code "user:?:profile"}
   * @return the matching keys (private copies for store-by-value caches)
   * @throws IllegalArgumentException if the pattern is malformed (the message says where)
   * @throws IllegalStateException if the cache is closed
   */
  Stream<K> keys(String pattern);

  /**
   * Atomically replaces the value of a key with what a function computes from it, as one step
   * under the key's lock (no update is lost to a concurrent one). A {@code null} result removes the
   * entry.
   *
   * @param key the key, not {@code null}
   * @param remapping receives the key and the current value ({@code null} if absent) and returns the
   *     new value or {@code null}; it must not use this cache
   * @param ttl how long a new or changed value lives; {@code null} for the cache's policy
   * @return the new value, or {@code null} if the entry is now absent
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   * @throws RuntimeException whatever the function threw; the entry is then unchanged
   */
  V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping, Duration ttl);

  /**
   * Atomically stores {@code value} if the key is absent, else replaces the current value with
   * {@code remapping(current, value)}; a {@code null} result removes the entry. For example
   * {@code merge("rate:" + caller, 1, Integer::sum, Duration.ofHours(1))} counts calls without
   * losing increments.
   *
   * @param key the key, not {@code null}
   * @param value the value to store when absent, and the second argument of {@code remapping}
   * @param remapping combines the current and the given value; it must not use this cache
   * @param ttl how long a new or changed value lives; {@code null} for the cache's policy
   * @return the new value, or {@code null} if the entry is now absent
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the cache is closed
   */
  V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping, Duration ttl);

  /**
   * Returns a live, read-only view of this cache's counters, entry count and (persistent mode)
   * store activity, for metrics systems. The view is the same object for the cache's life and
   * reads current values on every call; it works on a closed cache (counts stay, the entry count
   * is 0).
   *
   * @return the metrics view
   */
  LarderCacheMetrics metrics();

  /**
   * Turns the counting of hits, misses, puts, removals and evictions on or off for metrics, without
   * JSR-107 statistics: no {@code CacheStatistics} MXBean is registered and
   * {@code getConfiguration().isStatisticsEnabled()} does not change. Counting runs while either
   * this or JSR-107 statistics are on; with both off the read path counts nothing. The Micrometer
   * binder turns it on for the caches it binds.
   *
   * @param enabled {@code true} to count
   */
  void setMetricsEnabled(boolean enabled);

  /**
   * A value together with where it came from.
   *
   * @param value the value, or {@code null} if the loader computed {@code null}
   * @param cached {@code true} if it was served from the cache, {@code false} if it was computed
   * @param <V> value type
   */
  record Lookup<V>(V value, boolean cached) {}
}
