package dev.larder.jcache;

import dev.larder.engine.Holder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;

/**
 * The operations of a cache that involve the loader or several keys: read-through on a miss,
 * {@code getAll}, {@code loadAll}, {@code putAll} and {@code removeAll}. Each key is still updated
 * atomically; write-through of a batch goes to the writer's batch methods first, and only the
 * entries the writer accepted change in the cache.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class BulkOperations<K, V> {

  private final CacheCore<K, V> core;

  BulkOperations(CacheCore<K, V> core) {
    this.core = core;
  }

  /**
   * The miss path of {@code get}: removes the expired entry seen (if any), loads through the
   * loader if read-through is on, and counts the miss.
   *
   * @return the value to return to the caller (a private copy), or {@code null}
   */
  V missed(K key, Holder<V> seen, long now) {
    Outcome<K, V> outcome = new Outcome<>();
    outcome.misses++;
    Object[] value = new Object[1];
    if (seen != null || core.readThrough) {
      K stored = core.readThrough ? core.inKey(key) : key;
      core.store.compute(stored, (k, current) -> {
        if (CacheCore.isLive(current, now)) {
          value[0] = current.value();
          return current;
        }
        if (current != null) {
          core.expired(outcome, k, current);
        }
        Holder<V> next = null;
        if (core.readThrough) {
          V loaded = core.loading.load(k);
          if (loaded != null) {
            V storedValue = core.in(loaded);
            value[0] = storedValue;
            next = core.create(outcome, k, storedValue, now);
          }
        }
        core.publishAsync(outcome, 0);
        return next;
      });
    }
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    V result = (V) value[0];
    return core.out(result);
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    long now = core.clock.millis();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    Outcome<K, V> outcome = new Outcome<>();
    for (K key : keys) {
      Holder<V> entry = core.store.get(key);
      if (CacheCore.isLive(entry, now)) {
        core.accessedUnlocked(key, entry, now);
        outcome.hits++;
        result.put(key, core.out(entry.value()));
      } else {
        outcome.misses++;
        if (entry != null) {
          expire(outcome, key, entry);
        }
        missing.add(key);
      }
    }
    if (core.readThrough && !missing.isEmpty()) {
      Map<K, V> loaded = core.loading.loadAll(missing);
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null) {
          V stored = store(outcome, key, value, false, now);
          if (stored != null) {
            result.put(key, core.out(stored));
          }
        }
      }
    }
    core.finish(outcome);
    return result;
  }

  /** Removes an entry seen expired, if it is still the stored one, recording EXPIRED. */
  void expire(Outcome<K, V> outcome, K key, Holder<V> entry) {
    int mark = outcome.events == null ? 0 : outcome.events.size();
    long now = core.clock.millis();
    core.store.compute(key, (k, current) -> {
      if (current != entry || !current.isExpired(now)) {
        return current; // replaced, or updated in place (a put) since it was seen expired
      }
      core.expired(outcome, k, current);
      core.publishAsync(outcome, mark);
      return null;
    });
  }

  /**
   * Stores a loaded value without writing through: replaces a live entry only if asked to.
   *
   * @return the stored value now visible for this key, or {@code null}
   */
  private V store(Outcome<K, V> outcome, K key, V value, boolean replaceExisting, long now) {
    int mark = outcome.events == null ? 0 : outcome.events.size();
    V storedValue = core.in(value);
    Object[] visible = new Object[1];
    core.store.compute(core.inKey(key), (k, current) -> {
      Holder<V> next;
      if (CacheCore.isLive(current, now)) {
        if (!replaceExisting) {
          visible[0] = current.value();
          return current;
        }
        next = core.update(outcome, k, current, storedValue, now);
      } else {
        if (current != null) {
          core.expired(outcome, k, current);
        }
        next = core.create(outcome, k, storedValue, now);
      }
      visible[0] = storedValue;
      core.publishAsync(outcome, mark);
      return next;
    });
    @SuppressWarnings("unchecked")
    V result = (V) visible[0];
    return result;
  }

  /**
   * Loads keys through the loader on the calling thread (JSR-107 allows this), then tells the
   * listener: exactly one of {@code onCompletion} or {@code onException}. Loader failures go to
   * the listener, never to the caller. Loaded values are not written through.
   */
  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    if (core.loading != null) {
      try {
        load(keys, replaceExisting);
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

  private void load(Set<? extends K> keys, boolean replaceExisting) {
    long now = core.clock.millis();
    List<K> toLoad = new ArrayList<>();
    for (K key : keys) {
      if (replaceExisting || !CacheCore.isLive(core.store.get(key), now)) {
        toLoad.add(key);
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    Map<K, V> loaded = core.loading.loadAll(toLoad);
    Outcome<K, V> outcome = new Outcome<>();
    for (K key : toLoad) {
      V value = loaded.get(key);
      if (value != null) {
        store(outcome, key, value, replaceExisting, now);
      }
    }
    core.finish(outcome);
  }

  void putAll(Map<? extends K, ? extends V> map) {
    long now = core.clock.millis();
    Map<K, V> toStore = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (core.writer != null) {
      Collection<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toStore.size());
      toStore.forEach((k, v) -> entries.add(new LarderEntry<>(k, v)));
      failure = core.writer.writeAll(entries);
      if (failure != null) {
        for (Cache.Entry<? extends K, ? extends V> notWritten : entries) {
          toStore.remove(notWritten.getKey());
        }
      }
    }
    Outcome<K, V> outcome = new Outcome<>();
    for (Map.Entry<K, V> e : toStore.entrySet()) {
      putUnwritten(outcome, e.getKey(), e.getValue(), now);
    }
    core.finish(outcome);
    if (failure != null) {
      throw failure;
    }
  }

  /** Stores a value that was already written through (or needs no writing). */
  private void putUnwritten(Outcome<K, V> outcome, K key, V value, long now) {
    int mark = outcome.events == null ? 0 : outcome.events.size();
    V storedValue = core.in(value);
    core.store.compute(core.inKey(key), (k, current) -> {
      Holder<V> next;
      if (CacheCore.isLive(current, now)) {
        next = core.update(outcome, k, current, storedValue, now);
      } else {
        if (current != null) {
          core.expired(outcome, k, current);
        }
        next = core.create(outcome, k, storedValue, now);
      }
      core.publishAsync(outcome, mark);
      return next;
    });
  }

  void removeAll(Set<? extends K> keys) {
    Set<K> toRemove = new HashSet<>(keys);
    CacheWriterException failure = null;
    if (core.writer != null) {
      Collection<Object> pending = new ArrayList<>(toRemove);
      failure = core.writer.deleteAll(pending);
      if (failure != null) {
        toRemove.removeAll(pending);
      }
    }
    removeUnwritten(toRemove);
    if (failure != null) {
      throw failure;
    }
  }

  void removeAll() {
    Set<K> keys = new HashSet<>();
    for (Iterator<Map.Entry<K, Holder<V>>> it = core.store.iterator(); it.hasNext(); ) {
      keys.add(it.next().getKey());
    }
    removeAll(keys);
  }

  private void removeUnwritten(Collection<K> keys) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    for (K key : keys) {
      int mark = outcome.events == null ? 0 : outcome.events.size();
      core.store.compute(key, (k, current) -> {
        if (CacheCore.isLive(current, now)) {
          core.removed(outcome, k, current);
        } else if (current != null) {
          core.expired(outcome, k, current);
        }
        core.publishAsync(outcome, mark);
        return null;
      });
    }
    core.finish(outcome);
  }
}
