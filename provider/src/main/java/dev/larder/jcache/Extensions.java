package dev.larder.jcache;

import dev.larder.LarderCache;
import dev.larder.LarderCache.Lookup;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.cache.CacheException;

/**
 * Carries out the {@link LarderCache} extensions of a cache: writes with a per-entry time to live,
 * single-flight get-or-compute, deadline changes, key listing and atomic read-modify-write.
 *
 * <p>Get-or-compute keeps one {@link CompletableFuture} per key being computed; a caller that
 * misses registers its own future, or finds and shares the one already registered. The future is
 * removed after the computed value is stored, so a caller arriving afterwards finds a hit.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Extensions<K, V> {

  private final CacheCore<K, V> core;
  private final ConcurrentHashMap<Object, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  Extensions(CacheCore<K, V> core) {
    this.core = core;
  }

  // ---------------------------------------------------------------- writes with a ttl

  /** Puts with a deadline; {@code ttl == null} means the expiry policy decides. */
  void put(K key, V value, Duration ttl) {
    long now = core.clock.millis();
    long deadline = deadline(ttl, now);
    Outcome<K, V> outcome = new Outcome<>();
    V stored = core.in(value);
    core.store.compute(core.inKey(key), (k, current) -> {
      core.write(k, value);
      Holder<V> next = CacheCore.isLive(current, now)
          ? (ttl == null ? core.update(outcome, k, current, stored, now) : core.updateUntil(outcome, k, current, stored, deadline))
          : createAfter(outcome, k, current, stored, ttl, deadline, now);
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
  }

  boolean putIfAbsent(K key, V value, Duration ttl) {
    long now = core.clock.millis();
    long deadline = deadline(ttl, now);
    Outcome<K, V> outcome = new Outcome<>();
    V stored = core.in(value);
    boolean[] added = new boolean[1];
    core.store.compute(core.inKey(key), (k, current) -> {
      if (CacheCore.isLive(current, now)) {
        outcome.hits++;
        return current;
      }
      outcome.misses++;
      core.write(k, value);
      Holder<V> next = createAfter(outcome, k, current, stored, ttl, deadline, now);
      added[0] = true;
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    return added[0];
  }

  boolean replace(K key, V value, Duration ttl) {
    long now = core.clock.millis();
    long deadline = deadline(ttl, now);
    Outcome<K, V> outcome = new Outcome<>();
    V stored = core.in(value);
    boolean[] replaced = new boolean[1];
    core.store.compute(key, (k, current) -> {
      if (!CacheCore.isLive(current, now)) {
        outcome.misses++;
        expireIfDead(outcome, k, current);
        return null;
      }
      outcome.hits++;
      core.write(k, value);
      replaced[0] = true;
      Holder<V> next = core.updateUntil(outcome, k, current, stored, deadline);
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    return replaced[0];
  }

  /** Creates an entry after a miss: removes the dead one first (EXPIRED), then applies the ttl or the policy. */
  private Holder<V> createAfter(Outcome<K, V> outcome, K key, Holder<V> dead, V stored, Duration ttl,
      long deadline, long now) {
    expireIfDead(outcome, key, dead);
    return ttl == null ? core.create(outcome, key, stored, now) : core.createUntil(outcome, key, stored, deadline, now);
  }

  private void expireIfDead(Outcome<K, V> outcome, K key, Holder<V> dead) {
    if (dead != null) {
      core.expired(outcome, key, dead);
      core.publishAsync(outcome, 0);
    }
  }

  // ---------------------------------------------------------------- get-or-compute

  /** Returns a live value (a private copy), counting a hit and renewing it as an access; else null. */
  V getIfPresent(K key) {
    return hit(key);
  }

  /** A read on the same fast path as {@code get}: recent clock, access renewal only if the policy renews. */
  private V hit(K key) {
    Object found = core.store.peek(key);
    V result;
    if (found instanceof Holder) {
      @SuppressWarnings("unchecked")
      Holder<V> entry = (Holder<V>) found;
      if (!core.readLive(key, entry)) {
        return null;
      }
      result = core.out(entry.value());
    } else if (found != null) {
      result = core.outBare(found); // an eternal entry stored without a holder: live
    } else {
      return null;
    }
    if (core.statisticsEnabled) {
      core.stats.hits(1);
    }
    return result;
  }

  private void countMiss() {
    if (core.statisticsEnabled) {
      core.stats.misses(1);
    }
  }

  Lookup<V> lookup(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    checkTtl(ttl);
    V cached = hit(key);
    if (cached != null) {
      return new Lookup<>(cached, true);
    }
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    countMiss();
    if (running != null) {
      return new Lookup<>(core.out(join(running)), false);
    }
    V value;
    try {
      // a computation may have finished between our miss and our registration
      Holder<V> stored = core.store.get(key);
      if (CacheCore.isLive(stored, core.clock.millis())) {
        value = stored.value();
      } else {
        V computed = core.activity.load(loader, key); // metrics hook: counts and times the computation
        if (computed != null) {
          core.checkValue(key, computed);
          put(key, computed, ttl);
        }
        value = computed;
      }
    } catch (RuntimeException | Error e) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    inFlight.remove(key, mine);
    mine.complete(value);
    return new Lookup<>(value, false);
  }

  CompletableFuture<V> getOrComputeAsync(K key, Function<? super K, ? extends CompletionStage<? extends V>> loader,
      Duration ttl) {
    checkTtl(ttl);
    V cached = hit(key);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    countMiss();
    if (running != null) {
      return running.thenApply(core::out);
    }
    CompletionStage<? extends V> stage;
    try {
      stage = Objects.requireNonNull(loader.apply(key), "the loader returned a null CompletionStage");
    } catch (RuntimeException | Error e) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      return mine;
    }
    stage.whenComplete((value, failure) -> {
      Throwable problem = failure;
      if (problem == null && value != null) {
        try {
          put(key, value, ttl);
        } catch (RuntimeException e) {
          problem = e;
        }
      }
      inFlight.remove(key, mine);
      if (problem == null) {
        mine.complete(value);
      } else {
        mine.completeExceptionally(problem instanceof CompletionException && problem.getCause() != null
            ? problem.getCause() : problem);
      }
    });
    return mine;
  }

  /** Waits for a shared computation and rethrows its failure as the computing caller saw it. */
  private V join(CompletableFuture<V> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new CacheException("Cache '" + core.name + "': the shared computation failed: " + cause, cause);
    }
  }

  // ---------------------------------------------------------------- deadlines

  boolean extend(K key, Duration by) {
    long millis = positiveMillis(by, "extend by");
    return moveDeadline(key, (current, now) -> current == Deadlines.NEVER ? Deadlines.NEVER
        : Deadlines.after(current, millis));
  }

  boolean expireAfter(K key, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    checkTtl(ttl);
    return moveDeadline(key, (current, now) -> deadline(ttl, now));
  }

  private boolean moveDeadline(K key, DeadlineChange change) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    boolean[] live = new boolean[1];
    core.store.compute(key, (k, current) -> {
      if (!CacheCore.isLive(current, now)) {
        expireIfDead(outcome, k, current);
        return null;
      }
      live[0] = true;
      long next = change.apply(current.deadline(), now);
      outcome.noteDeadline(next);
      return new Holder<>(current.value(), next);
    });
    core.finish(outcome);
    return live[0];
  }

  /** Computes a new deadline from the current one. */
  @FunctionalInterface
  private interface DeadlineChange {
    long apply(long currentDeadline, long now);
  }

  Optional<Duration> ttl(K key) {
    long now = core.clock.millis();
    Holder<V> holder = core.store.get(key);
    if (!CacheCore.isLive(holder, now)) {
      return Optional.empty();
    }
    long deadline = holder.deadline();
    return Optional.of(deadline == Deadlines.NEVER ? LarderCache.FOREVER : Duration.ofMillis(deadline - now));
  }

  Optional<java.time.Instant> expiresAt(K key) {
    Holder<V> holder = core.store.get(key);
    if (!CacheCore.isLive(holder, core.clock.millis())) {
      return Optional.empty();
    }
    long deadline = holder.deadline();
    return Optional.of(deadline == Deadlines.NEVER ? java.time.Instant.MAX : java.time.Instant.ofEpochMilli(deadline));
  }

  // ---------------------------------------------------------------- keys

  Stream<K> keys(String pattern) {
    Predicate<String> matches = Glob.compile(pattern);
    Iterator<Map.Entry<K, Holder<V>>> all = core.store.iterator();
    Iterator<K> matching = new Iterator<>() {
      private K next;

      @Override
      public boolean hasNext() {
        while (next == null && all.hasNext()) {
          Map.Entry<K, Holder<V>> candidate = all.next();
          if (CacheCore.isLive(candidate.getValue(), core.clock.millis())
              && matches.test(String.valueOf(candidate.getKey()))) {
            next = candidate.getKey();
          }
        }
        return next != null;
      }

      @Override
      public K next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        K key = next;
        next = null;
        return core.outKey(key);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(matching, Spliterator.NONNULL), false);
  }

  // ---------------------------------------------------------------- read-modify-write

  V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping, Duration ttl) {
    long now = core.clock.millis();
    long deadline = deadline(ttl, now);
    Outcome<K, V> outcome = new Outcome<>();
    Object[] result = new Object[1];
    core.store.compute(core.inKey(key), (k, current) -> {
      boolean live = CacheCore.isLive(current, now);
      V next = remapping.apply(k, live ? core.out(current.value()) : null);
      if (live) {
        outcome.hits++;
      } else {
        outcome.misses++;
        expireIfDead(outcome, k, current);
      }
      Holder<V> holder;
      if (next == null) {
        holder = null;
        if (live) {
          core.delete(k);
          core.removed(outcome, k, current);
        }
      } else {
        core.checkValue(k, next);
        core.write(k, next);
        V stored = core.in(next);
        holder = live
            ? (ttl == null ? core.update(outcome, k, current, stored, now) : core.updateUntil(outcome, k, current, stored, deadline))
            : (ttl == null ? core.create(outcome, k, stored, now) : core.createUntil(outcome, k, stored, deadline, now));
        result[0] = holder == null ? null : stored;
      }
      core.publishAsync(outcome, 0);
      return holder;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V value = (V) result[0];
    return core.out(value);
  }

  V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(remapping, "remapping");
    return compute(key, (k, current) -> current == null ? value : remapping.apply(current, value), ttl);
  }

  // ---------------------------------------------------------------- ttl arguments

  /** The deadline {@code ttl} after now; unused (0) when {@code ttl} is null. */
  private static long deadline(Duration ttl, long now) {
    if (ttl == null) {
      return 0;
    }
    if (ttl.equals(LarderCache.FOREVER)) {
      return Deadlines.NEVER;
    }
    return Deadlines.after(now, positiveMillis(ttl, "ttl"));
  }

  private static void checkTtl(Duration ttl) {
    if (ttl != null && !ttl.equals(LarderCache.FOREVER)) {
      positiveMillis(ttl, "ttl");
    }
  }

  private static long positiveMillis(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    try {
      long millis = duration.toMillis();
      return millis == 0 ? 1 : millis;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
