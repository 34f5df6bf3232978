package dev.larder.jcache;

import dev.larder.engine.Holder;
import java.util.function.BiFunction;

/**
 * The single-key writes of {@link LarderJCache}: put, putIfAbsent, remove and the conditional
 * replace/remove family. Each runs as one atomic update of its key in the store, in the order the
 * specification prescribes: write-through first (a writer failure leaves the cache unchanged), then
 * the new entry with its expiry deadline, events and statistics.
 *
 * <p>Callers check arguments (nulls, types, size limits) before calling.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SingleKeyWrites<K, V> {

  private final CacheCore<K, V> core;

  SingleKeyWrites(CacheCore<K, V> core) {
    this.core = core;
  }

  /**
   * Stores a value (put or getAndPut): writes through, then creates or updates the entry.
   * Returns the previous value in its outside form if {@code countRead}, else {@code null}.
   */
  V put(K key, V value, boolean countRead) {
    long now = core.writeNow();
    Outcome<K, V> outcome = new Outcome<>();
    K stored = core.inKey(key);
    V storedValue = core.in(value);
    Object[] old = new Object[1];
    core.store.compute(stored, (k, current) -> {
      core.write(k, value);
      Holder<V> next;
      if (core.isLiveAt(current, now)) {
        old[0] = current.value();
        outcome.hits += countRead ? 1 : 0;
        next = core.update(outcome, k, current, storedValue, now);
      } else {
        outcome.misses += countRead ? 1 : 0;
        if (current != null) {
          core.expired(outcome, k, current);
        }
        next = core.create(outcome, k, storedValue, now);
      }
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return countRead ? core.out(previous) : null;
  }

  /** Stores a value if the key has no live entry; tells whether it did. */
  boolean putIfAbsent(K key, V value) {
    long now = core.writeNow();
    Outcome<K, V> outcome = new Outcome<>();
    K stored = core.inKey(key);
    V storedValue = core.in(value);
    boolean[] added = new boolean[1];
    core.store.compute(stored, (k, current) -> {
      if (core.isLiveAt(current, now)) {
        outcome.hits++;
        return current;
      }
      outcome.misses++;
      core.write(k, value);
      if (current != null) {
        core.expired(outcome, k, current);
      }
      Holder<V> next = core.create(outcome, k, storedValue, now);
      added[0] = true;
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    return added[0];
  }

  /** Removes a key, writing through; returns the stored value it had if it was live. */
  V remove(K key, boolean countRead) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    Object[] old = new Object[1];
    core.store.compute(key, (k, current) -> {
      core.delete(k);
      if (CacheCore.isLive(current, now)) {
        old[0] = current.value();
        outcome.hits += countRead ? 1 : 0;
        core.removed(outcome, k, current);
      } else {
        outcome.misses += countRead ? 1 : 0;
        if (current != null) {
          core.expired(outcome, k, current);
        }
      }
      core.publishAsync(outcome, 0);
      return null;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous;
  }

  /**
   * Replaces ({@code newValue != null}) or removes ({@code newValue == null}) a live entry if a
   * condition on it holds. Counts a hit or a miss, and on a failed condition renews the entry as an
   * access. Returns the stored value it had, or {@code null} if nothing changed.
   */
  V conditional(K key, BiFunction<K, Holder<V>, Boolean> condition, V newValue) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    V storedValue = newValue == null ? null : core.in(newValue);
    Object[] old = new Object[1];
    core.store.compute(key, (k, current) -> {
      if (!CacheCore.isLive(current, now)) {
        outcome.misses++;
        if (current != null) {
          core.expired(outcome, k, current);
          core.publishAsync(outcome, 0);
        }
        return null;
      }
      outcome.hits++;
      if (!condition.apply(k, current)) {
        core.accessed(current, now);
        return current;
      }
      Holder<V> next;
      if (newValue == null) {
        core.delete(k);
        core.removed(outcome, k, current);
        next = null;
      } else {
        core.write(k, newValue);
        next = core.update(outcome, k, current, storedValue, now);
      }
      old[0] = current.value();
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous;
  }
}
