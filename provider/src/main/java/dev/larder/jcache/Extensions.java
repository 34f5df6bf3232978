package dev.larder.jcache;

import dev.larder.LarderCache;
import dev.larder.LarderCache.Lookup;
import dev.larder.engine.Deadlines;
import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.engine.Keys;
import dev.larder.store.DirectWrite;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.cache.CacheException;

/**
 * Carries out the {@link LarderCache} extensions of a cache: writes with a per-entry time to live,
 * single-flight get-or-compute, deadline changes, key listing and atomic read-modify-write. Every
 * change is a {@linkplain CacheCore#write step} of the store, like the JCache operations.
 *
 * <p>Get-or-compute is single flight through {@link Flights}: a caller that misses puts a flight in
 * place of the key and computes outside any lock; callers that miss meanwhile wait for its future.
 * The computed value is stored only if the flight is still in place — a write, removal or clear
 * that landed while it ran wins, and the computed value then only goes to the callers.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Extensions<K, V> {

  private final CacheCore<K, V> core;
  private final Flights<K, V> flights;

  Extensions(CacheCore<K, V> core, Flights<K, V> flights) {
    this.core = core;
    this.flights = flights;
  }

  // ---------------------------------------------------------------- writes with a ttl

  /** Puts with a time to live. */
  void put(K key, V value, Duration ttl) {
    V stored = core.in(key, value);
    K storedKey = core.inKey(key);
    if (core.writeDirect(DirectWrite.Kind.PUT, storedKey, stored, false, ttl) != null) {
      return;
    }
    core.write(storedKey, false, (o, k, live) -> {
      core.writeThrough(k, value);
      core.createOrUpdate(o, k, live, stored, ttl);
    });
  }

  boolean putIfAbsent(K key, V value, Duration ttl) {
    V stored = core.in(key, value);
    K storedKey = core.inKey(key);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.PUT_IF_ABSENT, storedKey, stored, false, ttl);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.CREATED;
    }
    long deadline = Ttls.deadline(ttl, core.clock.millis());
    return core.write(storedKey, false, (o, k, live) -> {
      if (live != null) {
        o.hits++;
        return;
      }
      o.misses++;
      core.writeThrough(k, value);
      core.createUntil(o, k, stored, deadline);
      o.result = Boolean.TRUE;
    }).result != null;
  }

  boolean replace(K key, V value, Duration ttl) {
    V stored = core.in(key, value);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.REPLACE, key, stored, false, ttl);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.UPDATED;
    }
    long deadline = Ttls.deadline(ttl, core.clock.millis());
    return core.write(key, false, (o, k, live) -> {
      if (live == null) {
        o.misses++;
        return;
      }
      o.hits++;
      core.writeThrough(k, value);
      core.updateUntil(o, k, live, stored, deadline);
      o.result = Boolean.TRUE;
    }).result != null;
  }

  // ---------------------------------------------------------------- get-or-compute

  /** Returns a live value (a private copy), counting a hit and renewing it as an access; else null. */
  V getIfPresent(K key) {
    V found = core.store.read(key);
    if (found == null) {
      return null;
    }
    if (core.statisticsEnabled) {
      core.stats.hits(1);
    }
    return core.out(found);
  }

  private void countMiss() {
    if (core.statisticsEnabled) {
      core.stats.misses(1);
    }
  }

  Lookup<V> lookup(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    Ttls.check(ttl);
    V cached = getIfPresent(key);
    if (cached != null) {
      return new Lookup<>(cached, true);
    }
    return compute(key, loader, ttl, false);
  }

  /** Computes a fresh value even over a live one; stores it unless the key changed meanwhile. */
  V refresh(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    Ttls.check(ttl);
    return compute(key, loader, ttl, true).value();
  }

  private Lookup<V> compute(K key, Function<? super K, ? extends V> loader, Duration ttl, boolean refresh) {
    K stored = core.inKey(key);
    Flights.Start<V> start = flights.begin(stored, refresh);
    if (start.hit() != null) {
      countHit();
      return new Lookup<>(core.out(start.hit()), true); // stored by another caller since our miss
    }
    countMiss();
    while (start.joined() != null) {
      if (start.joined().owner() == Thread.currentThread()) {
        throw new IllegalStateException("Cache '" + core.name + "': the computation of key " + Keys.abbreviate(key)
            + " asked for the same key again (a recursive getOrCompute); it would wait for itself");
      }
      try {
        return new Lookup<>(core.out(join(start.joined().future())), false);
      } catch (Flight.Lost lost) {
        // a computation in another instance ended without a value (failed, or its instance died): again
        start = flights.begin(stored, refresh);
        if (start.hit() != null) {
          return new Lookup<>(core.out(start.hit()), true);
        }
      }
    }
    Flight<V> mine = start.own();
    V computed;
    try {
      computed = core.activity.load(loader, key); // metrics hook: counts and times the computation
      if (computed != null) {
        core.checkValue(key, computed);
      }
    } catch (RuntimeException | Error e) {
      flights.abandon(stored, mine);
      mine.future().completeExceptionally(e);
      throw e;
    }
    if (computed == null) {
      flights.clear(stored, mine);
      mine.future().complete(null);
      return new Lookup<>(null, false);
    }
    V copy = core.in(key, computed);
    try {
      flights.land(stored, mine, copy, ttl, true);
    } catch (RuntimeException | Error e) {
      flights.abandon(stored, mine);
      mine.future().completeExceptionally(e);
      throw e;
    }
    mine.future().complete(copy);
    return new Lookup<>(computed, false);
  }

  private void countHit() {
    if (core.statisticsEnabled) {
      core.stats.hits(1);
    }
  }

  CompletableFuture<V> getOrComputeAsync(K key, Function<? super K, ? extends CompletionStage<? extends V>> loader,
      Duration ttl) {
    Ttls.check(ttl);
    V cached = getIfPresent(key);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    K stored = core.inKey(key);
    Flights.Start<V> start = flights.begin(stored, false);
    if (start.hit() != null) {
      countHit();
      return CompletableFuture.completedFuture(core.out(start.hit()));
    }
    countMiss();
    if (start.joined() != null) {
      // a computation in another instance that ends without a value is lost to its waiters: again
      return start.joined().future().thenApply(core::out).exceptionallyCompose(e -> isLost(e)
          ? getOrComputeAsync(key, loader, ttl) : CompletableFuture.failedFuture(e));
    }
    Flight<V> mine = start.own();
    CompletableFuture<V> result = new CompletableFuture<>();
    CompletionStage<? extends V> stage;
    try {
      stage = Objects.requireNonNull(loader.apply(key), "the loader returned a null CompletionStage");
    } catch (RuntimeException | Error e) {
      flights.abandon(stored, mine);
      mine.future().completeExceptionally(e);
      result.completeExceptionally(e);
      return result;
    }
    stage.whenComplete((value, failure) -> {
      Throwable problem = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      V copy = null;
      if (problem == null && value != null) {
        try {
          core.checkValue(key, value);
          copy = core.in(key, value);
          flights.land(stored, mine, copy, ttl, true);
        } catch (RuntimeException e) {
          problem = e;
        }
      }
      if (problem != null || value == null) {
        flights.abandon(stored, mine);
      }
      if (problem == null) {
        mine.future().complete(copy);
        result.complete(value);
      } else {
        mine.future().completeExceptionally(problem);
        result.completeExceptionally(problem);
      }
    });
    return result;
  }

  private static boolean isLost(Throwable e) {
    return e instanceof Flight.Lost || e instanceof CompletionException && e.getCause() instanceof Flight.Lost;
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
    long millis = Ttls.positiveMillis(by, "extend by");
    return moveDeadline(key, current -> current == Deadlines.NEVER ? Deadlines.NEVER : Deadlines.after(current, millis));
  }

  boolean expireAfter(K key, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    Ttls.check(ttl);
    long deadline = Ttls.deadline(ttl, core.clock.millis());
    return moveDeadline(key, current -> deadline);
  }

  private boolean moveDeadline(K key, java.util.function.LongUnaryOperator change) {
    return core.write(key, false, (o, k, live) -> {
      if (live != null) {
        o.renew(live.value(), change.applyAsLong(live.deadline()));
        o.result = Boolean.TRUE;
      }
    }).result != null;
  }

  Optional<Duration> ttl(K key) {
    Holder<V> holder = core.store.get(key);
    if (!core.liveness.isLive(holder)) {
      return Optional.empty();
    }
    long deadline = holder.deadline();
    return Optional.of(deadline == Deadlines.NEVER ? LarderCache.FOREVER
        : Duration.ofMillis(Math.max(1, deadline - core.clock.millis())));
  }

  Optional<java.time.Instant> expiresAt(K key) {
    Holder<V> holder = core.store.get(key);
    if (!core.liveness.isLive(holder)) {
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
          if (core.liveness.isLive(candidate.getValue()) && matches.test(String.valueOf(candidate.getKey()))) {
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
    Outcome<K, V> outcome = core.write(core.inKey(key), false, (o, k, live) -> {
      V next = remapping.apply(k, live != null ? core.out(live.value()) : null);
      if (live != null) {
        o.hits++;
      } else {
        o.misses++;
      }
      if (next == null) {
        if (live != null) {
          core.deleteThrough(k);
          core.removed(o, k, live);
        }
        return;
      }
      core.checkValue(k, next);
      core.writeThrough(k, next);
      V stored = core.in(k, next);
      core.createOrUpdate(o, k, live, stored, ttl);
      o.result = o.change() == dev.larder.engine.Step.Change.SET ? stored : null;
    });
    @SuppressWarnings("unchecked")
    V value = (V) outcome.result;
    return core.out(value);
  }

  V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(remapping, "remapping");
    return compute(key, (k, current) -> current == null ? value : remapping.apply(current, value), ttl);
  }
}
