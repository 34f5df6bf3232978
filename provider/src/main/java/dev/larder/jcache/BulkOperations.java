package dev.larder.jcache;

import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.store.DirectWrite;
import dev.larder.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;

/**
 * The operations of a cache that involve the loader or several keys: read-through on a miss,
 * {@code getAll}, {@code loadAll}, {@code putAll} and {@code removeAll}. Each key is still changed
 * by one step of its own.
 *
 * <p>A batch write-through holds all the batch's keys while the writer's batch method runs and the
 * accepted entries are applied, so a concurrent single write of one of them lands wholly before or
 * wholly after the batch, in the writer's store and in the cache alike. A batch load
 * ({@code getAll} with read-through, {@code loadAll}) runs outside any lock, with a {@link Flight}
 * in place of every key it loads: a write or removal that lands meanwhile wins, and the loaded
 * value is not stored over it.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class BulkOperations<K, V> {

  /** {@code removeAll()} removes the keys of a cache this many at a time. */
  private static final int REMOVE_ALL_CHUNK = 1_024;

  private final CacheCore<K, V> core;
  private final Flights<K, V> flights;

  BulkOperations(CacheCore<K, V> core, Flights<K, V> flights) {
    this.core = core;
    this.flights = flights;
  }

  /**
   * The miss path of {@code get}: expires the key's dead entry (if any) or, with read-through,
   * loads it while holding the key, and counts the miss.
   *
   * @return the value to return to the caller (a private copy), or {@code null}
   */
  V missed(K key) {
    if (!core.readThrough) {
      Holder<V> seen = core.store.get(key);
      if (seen != null && !seen.isPending() && !core.liveness.isLive(seen)) {
        core.write(key, false, (o, k, live) -> o.misses++);
      } else if (core.statisticsEnabled) {
        core.stats.misses(1);
      }
      return null;
    }
    Outcome<K, V> outcome = core.write(core.inKey(key), true, (o, k, live) -> {
      o.misses++;
      if (live != null) {
        o.result = live.value(); // loaded by another caller meanwhile
        return;
      }
      V loaded = core.loading.load(k);
      if (loaded != null) {
        V stored = core.in(k, loaded);
        o.result = stored;
        core.create(o, k, stored);
      }
    });
    @SuppressWarnings("unchecked")
    V result = (V) outcome.result;
    return core.out(result);
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    long hits = 0;
    long misses = 0;
    List<K> asked = new ArrayList<>(keys);
    List<Holder<V>> entries = core.store.getAll(asked);
    for (int i = 0; i < asked.size(); i++) {
      K key = asked.get(i);
      Holder<V> entry = entries.get(i);
      if (core.liveness.isLive(entry)) {
        core.accessedUnlocked(key, entry);
        hits++;
        result.put(key, core.out(entry.value()));
      } else {
        misses++;
        if (entry != null && !entry.isPending()) {
          core.expireIfDead(key);
        }
        missing.add(key);
      }
    }
    if (core.statisticsEnabled) {
      core.stats.hits(hits);
      core.stats.misses(misses);
    }
    if (core.readThrough && !missing.isEmpty()) {
      result.putAll(loadInFlight(missing, false));
    }
    return result;
  }

  /**
   * Loads keys through the loader with a flight in place of each, and stores each loaded value if
   * its flight is still there (with {@code replaceExisting}, over live entries too).
   *
   * @return the values now visible for the loaded keys (private copies)
   */
  private Map<K, V> loadInFlight(List<K> keys, boolean replaceExisting) {
    Map<K, Flight<V>> started = new LinkedHashMap<>();
    Map<K, V> visible = new LinkedHashMap<>();
    for (K key : keys) {
      Flights.Start<V> start = flights.begin(core.inKey(key), replaceExisting);
      if (start.own() != null) {
        started.put(key, start.own());
      } else if (start.hit() != null) {
        visible.put(key, core.out(start.hit()));
      }
      // a computation of that key is already in flight: its own caller stores its result
    }
    if (started.isEmpty()) {
      return visible;
    }
    Map<K, V> loaded;
    try {
      loaded = core.loading.loadAll(started.keySet());
    } catch (RuntimeException | Error e) {
      started.forEach(flights::abandon);
      throw e;
    }
    for (Map.Entry<K, Flight<V>> e : started.entrySet()) {
      V value = loaded.get(e.getKey());
      if (value == null) {
        flights.abandon(e.getKey(), e.getValue());
        continue;
      }
      V stored = core.in(e.getKey(), value);
      flights.land(e.getKey(), e.getValue(), stored, null, false);
      visible.put(e.getKey(), core.out(stored));
    }
    return visible;
  }

  /**
   * Loads keys through the loader on the calling thread (JSR-107 allows this), then tells the
   * listener: exactly one of {@code onCompletion} or {@code onException}. Loader failures go to
   * the listener, never to the caller. Loaded values are not written through.
   */
  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    if (core.loading != null) {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : keys) {
          if (replaceExisting || !core.liveness.isLive(core.store.get(key))) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          loadInFlight(toLoad, replaceExisting);
        }
      } catch (RuntimeException e) {
        if (listener != null) {
          listener.onException(e instanceof CacheLoaderException ? e
              : new CacheLoaderException("Cache '" + core.name + "': loadAll failed: " + e, e));
        }
        return;
      }
    }
    if (listener != null) {
      listener.onCompletion();
    }
  }

  void putAll(Map<? extends K, ? extends V> map) {
    if (core.writer == null) {
      putAllUnwritten(map);
      return;
    }
    Map<K, V> toStore = new LinkedHashMap<>();
    map.forEach((k, v) -> toStore.put(core.inKey(k), v));
    CacheWriterException failure;
    try (Store.Hold hold = core.store.hold(toStore.keySet())) {
      Collection<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toStore.size());
      toStore.forEach((k, v) -> entries.add(new LarderEntry<>(k, v)));
      failure = core.writer.writeAll(entries);
      if (failure != null) {
        for (Cache.Entry<? extends K, ? extends V> notWritten : entries) {
          toStore.remove(notWritten.getKey());
        }
      }
      toStore.forEach(this::putUnwritten);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Stores values that need no writing, letting the store commit them together. */
  private void putAllUnwritten(Map<? extends K, ? extends V> map) {
    List<K> keys = new ArrayList<>(map.size());
    List<V> values = new ArrayList<>(map.size());
    Set<K> seen = new java.util.HashSet<>();
    map.forEach((k, v) -> {
      K key = core.inKey(k);
      V stored = core.in(k, v);
      if (seen.add(key)) {
        keys.add(key);
        values.add(stored);
      }
    });
    List<K> stepKeys = new ArrayList<>(keys.size());
    List<Outcome.Op<K, V>> ops = new ArrayList<>(keys.size());
    for (int at : notWrittenDirectly(DirectWrite.Kind.PUT, keys, values)) {
      V stored = values.get(at);
      stepKeys.add(keys.get(at));
      ops.add((o, kk, live) -> core.createOrUpdate(o, kk, live, stored, null));
    }
    core.writeAll(stepKeys, ops);
  }

  /** Writes the keys directly where the cache can; returns the positions left for the step path. */
  private List<Integer> notWrittenDirectly(DirectWrite.Kind kind, List<K> keys, List<V> values) {
    List<Integer> rest = keys.size() < 2 ? null : core.writeAllDirect(kind, keys, values);
    if (rest == null) {
      rest = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        rest.add(i);
      }
    }
    return rest;
  }

  /** Stores a value that was already written through (or needs no writing). */
  private void putUnwritten(K key, V value) {
    V stored = core.in(key, value);
    core.write(core.inKey(key), false, (o, k, live) -> core.createOrUpdate(o, k, live, stored, null));
  }

  void removeAll(Set<? extends K> keys) {
    if (core.writer == null) {
      List<K> distinct = new ArrayList<>(new LinkedHashSet<K>(keys));
      List<K> left = new ArrayList<>(distinct.size());
      List<Outcome.Op<K, V>> ops = new ArrayList<>(distinct.size());
      for (int at : notWrittenDirectly(DirectWrite.Kind.REMOVE, distinct, null)) {
        left.add(distinct.get(at));
        ops.add(this::removeOp);
      }
      core.writeAll(left, ops);
      return;
    }
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure;
    try (Store.Hold hold = core.store.hold(toRemove)) {
      Collection<Object> pending = new ArrayList<>(toRemove);
      failure = core.writer.deleteAll(pending);
      if (failure != null) {
        toRemove.removeAll(pending);
      }
      toRemove.forEach(this::removeUnwritten);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Removes every key of the cache, a chunk at a time, as {@link #removeAll(Set)} would. */
  void removeAll() {
    Set<K> chunk = new LinkedHashSet<>();
    for (Iterator<Map.Entry<K, Holder<V>>> it = core.store.iterator(); it.hasNext(); ) {
      chunk.add(it.next().getKey());
      if (chunk.size() == REMOVE_ALL_CHUNK) {
        removeAll(chunk);
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      removeAll(chunk);
    }
  }

  private void removeUnwritten(K key) {
    core.write(key, false, this::removeOp);
  }

  private void removeOp(Outcome<K, V> o, K k, Holder<V> live) {
    if (live != null) {
      core.removed(o, k, live);
    } else {
      o.drop(); // a computation in flight for the key is dropped too
    }
  }
}
