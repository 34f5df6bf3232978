package dev.larder.jcache;

import dev.larder.engine.Holder;
import dev.larder.store.DirectWrite;
import java.util.function.BiPredicate;

/**
 * The single-key writes of {@link LarderJCache}: put, putIfAbsent, remove and the conditional
 * replace/remove family. Each is one {@linkplain CacheCore#write step} on its key, in the order the
 * specification prescribes: write-through first (a writer failure leaves the cache unchanged),
 * then the new entry with its expiry deadline, events and statistics.
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
    V stored = core.in(key, value);
    K storedKey = core.inKey(key);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.PUT, storedKey, stored, countRead);
    if (direct != null) {
      return countRead ? core.out(direct.old) : null;
    }
    Outcome<K, V> outcome = core.write(storedKey, false, (o, k, live) -> {
      core.writeThrough(k, value);
      if (live != null) {
        o.result = live.value();
        o.hits += countRead ? 1 : 0;
        core.update(o, k, live, stored);
      } else {
        o.misses += countRead ? 1 : 0;
        core.create(o, k, stored);
      }
    });
    @SuppressWarnings("unchecked")
    V previous = (V) outcome.result;
    return countRead ? core.out(previous) : null;
  }

  /** Stores a value if the key has no live entry; tells whether it did. */
  boolean putIfAbsent(K key, V value) {
    V stored = core.in(key, value);
    K storedKey = core.inKey(key);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.PUT_IF_ABSENT, storedKey, stored, false);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.CREATED;
    }
    Outcome<K, V> outcome = core.write(storedKey, false, (o, k, live) -> {
      if (live != null) {
        o.hits++;
        return;
      }
      o.misses++;
      core.writeThrough(k, value);
      core.create(o, k, stored);
      o.result = Boolean.TRUE;
    });
    return outcome.result != null;
  }

  /**
   * Removes a key, writing through (even when absent: the external store may hold it), and drops
   * a computation in flight for it; returns the stored value it had if it was live (when it was
   * removed directly, only if {@code countRead}).
   */
  V remove(K key, boolean countRead) {
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.REMOVE, key, null, countRead);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.REMOVED ? direct.old : null;
    }
    return removeByStep(key, countRead);
  }

  /** Removes a key (remove): as {@link #remove}, without reading the old value; tells whether it was live. */
  boolean delete(K key) {
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.REMOVE, key, null, false);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.REMOVED;
    }
    return removeByStep(key, false) != null;
  }

  private V removeByStep(K key, boolean countRead) {
    Outcome<K, V> outcome = core.write(key, false, (o, k, live) -> {
      core.deleteThrough(k);
      if (live != null) {
        o.result = live.value();
        o.hits += countRead ? 1 : 0;
        core.removed(o, k, live);
      } else {
        o.misses += countRead ? 1 : 0;
        o.drop(); // a removal wins over a computation in flight
      }
    });
    @SuppressWarnings("unchecked")
    V previous = (V) outcome.result;
    return previous;
  }

  /** Replaces a live entry's value (replace): counts a hit or a miss; tells whether it did. */
  boolean replace(K key, V newValue) {
    V stored = core.in(key, newValue);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.REPLACE, key, stored, false);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.UPDATED;
    }
    return conditionalStored(key, (k, live) -> true, newValue, stored) != null;
  }

  /**
   * Replaces a live entry's value (getAndReplace): counts a hit or a miss. Returns the stored value
   * it had, or {@code null} if the key had no live entry.
   */
  V getAndReplace(K key, V newValue) {
    V stored = core.in(key, newValue);
    DirectOp<K, V> direct = core.writeDirect(DirectWrite.Kind.REPLACE, key, stored, true);
    if (direct != null) {
      return direct.effect == DirectWrite.Effect.UPDATED ? direct.old : null;
    }
    return conditionalStored(key, (k, live) -> true, newValue, stored);
  }

  /**
   * Replaces ({@code newValue != null}) or removes ({@code newValue == null}) a live entry if a
   * condition on it holds. Counts a hit or a miss, and on a failed condition renews the entry as an
   * access. Returns the stored value it had, or {@code null} if nothing changed.
   */
  V conditional(K key, BiPredicate<K, Holder<V>> condition, V newValue) {
    return conditionalStored(key, condition, newValue, newValue == null ? null : core.in(key, newValue));
  }

  /** {@link #conditional} with the new value already in its stored form ({@code stored}, copied once). */
  private V conditionalStored(K key, BiPredicate<K, Holder<V>> condition, V newValue, V stored) {
    Outcome<K, V> outcome = core.write(key, false, (o, k, live) -> {
      if (live == null) {
        o.misses++;
        return;
      }
      o.hits++;
      if (!condition.test(k, live)) {
        core.accessed(o, live);
        return;
      }
      o.result = live.value();
      if (newValue == null) {
        core.deleteThrough(k);
        core.removed(o, k, live);
      } else {
        core.writeThrough(k, newValue);
        core.update(o, k, live, stored);
      }
    });
    @SuppressWarnings("unchecked")
    V previous = (V) outcome.result;
    return previous;
  }
}
