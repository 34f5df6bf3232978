package dev.larder.jcache;

import dev.larder.LarderConfiguration;
import dev.larder.SizeLimitExceededException;
import dev.larder.copy.Copier;
import dev.larder.copy.EncodedSize;
import dev.larder.engine.Clock;
import dev.larder.engine.Holder;
import dev.larder.event.EventDispatcher;
import dev.larder.expiry.ExpiryCalculator;
import dev.larder.integration.Loading;
import dev.larder.integration.WriteThrough;
import dev.larder.management.StatisticsCounters;
import dev.larder.store.Store;
import java.util.List;
import javax.cache.event.EventType;

/**
 * A cache's internals, shared by the classes that carry out its operations: the store, the clock,
 * the expiry policy, the copier, the loader and writer, the listeners and the statistics, plus
 * the steps every operation is built from (create, update, remove, expire an entry under the key's
 * lock; then publish and count).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheCore<K, V> {

  final String name;
  final Store<K, V> store;
  final Clock clock;
  final ExpiryCalculator expiry;
  final Copier copier;
  /** The loader, or {@code null}; used by get/getAll/invoke only when read-through is on. */
  final Loading<K, V> loading;
  /** The writer if write-through is on, else {@code null}. */
  final WriteThrough<K, V> writer;
  final boolean readThrough;
  final EventDispatcher<K, V> events;
  final StatisticsCounters stats = new StatisticsCounters();
  volatile boolean statisticsEnabled;
  /** The configured key and value types, or {@code null} where any object is accepted. */
  private final Class<?> keyType;
  private final Class<?> valueType;
  private final int maxKeyBytes;
  private final int maxValueBytes;

  CacheCore(String name, LarderConfiguration<K, V> config, Store<K, V> store, Clock clock, ExpiryCalculator expiry,
      Copier copier, Loading<K, V> loading, WriteThrough<K, V> writer, EventDispatcher<K, V> events) {
    this.name = name;
    this.keyType = config.getKeyType() == Object.class ? null : config.getKeyType();
    this.valueType = config.getValueType() == Object.class ? null : config.getValueType();
    this.maxKeyBytes = config.getMaxKeyBytes();
    this.maxValueBytes = config.getMaxValueBytes();
    boolean readThrough = config.isReadThrough();
    this.store = store;
    this.clock = clock;
    this.expiry = expiry;
    this.copier = copier;
    this.loading = loading;
    this.readThrough = readThrough && loading != null;
    this.writer = writer;
    this.events = events;
  }

  /**
   * Checks a key and value before anything is written: configured types, then size limits.
   *
   * @throws ClassCastException if a type does not match the cache's configured type
   * @throws SizeLimitExceededException if the key or value is larger than allowed
   */
  void checkEntry(Object key, Object value) {
    if (keyType != null && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache '" + name + "' holds keys of type " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
    if (maxKeyBytes != LarderConfiguration.UNLIMITED) {
      long size = EncodedSize.of(key);
      if (size > maxKeyBytes) {
        throw new SizeLimitExceededException(name, "key", key, size, maxKeyBytes);
      }
    }
    checkValue(key, value);
  }

  /** Checks a value before it is written: its type, then its size. */
  void checkValue(Object key, Object value) {
    if (valueType != null && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache '" + name + "' holds values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
    if (maxValueBytes != LarderConfiguration.UNLIMITED) {
      long size = EncodedSize.of(value);
      if (size > maxValueBytes) {
        throw new SizeLimitExceededException(name, "value", key, size, maxValueBytes);
      }
    }
  }

  static boolean isLive(Holder<?> entry, long now) {
    return entry != null && !entry.isExpired(now);
  }

  /** Records the expiry of an entry found dead under the key's lock. */
  void expired(Outcome<K, V> outcome, K key, Holder<V> entry) {
    if (events.wants(EventType.EXPIRED)) {
      outcome.add(events.event(EventType.EXPIRED, key, entry.value(), entry.value()));
    }
  }

  /**
   * Makes a new entry for a value (already in stored form) with the expiry policy's creation
   * deadline, or returns {@code null} if the policy says it is expired on creation. Counts a put
   * and records CREATED.
   */
  Holder<V> create(Outcome<K, V> outcome, K key, V stored, long now) {
    return createUntil(outcome, key, stored, expiry.onCreate(now), now);
  }

  /** Like {@link #create}, with a deadline chosen by the caller. */
  Holder<V> createUntil(Outcome<K, V> outcome, K key, V stored, long deadline, long now) {
    if (deadline <= now) {
      return null;
    }
    outcome.puts++;
    if (events.wants(EventType.CREATED)) {
      outcome.add(events.event(EventType.CREATED, key, stored, null));
    }
    return new Holder<>(stored, deadline);
  }

  /** Makes the entry that replaces a live one, with the policy's update deadline. Counts a put and records UPDATED. */
  Holder<V> update(Outcome<K, V> outcome, K key, Holder<V> old, V stored, long now) {
    long deadline = expiry.onUpdate(now);
    return updateUntil(outcome, key, old, stored, deadline == ExpiryCalculator.UNCHANGED ? old.deadline() : deadline);
  }

  /** Like {@link #update}, with a deadline chosen by the caller. */
  Holder<V> updateUntil(Outcome<K, V> outcome, K key, Holder<V> old, V stored, long deadline) {
    outcome.puts++;
    if (events.wants(EventType.UPDATED)) {
      outcome.add(events.event(EventType.UPDATED, key, stored, old.value()));
    }
    return new Holder<>(stored, deadline);
  }

  /** Records the removal of a live entry. Counts a removal and records REMOVED. */
  void removed(Outcome<K, V> outcome, K key, Holder<V> old) {
    outcome.removals++;
    if (events.wants(EventType.REMOVED)) {
      outcome.add(events.event(EventType.REMOVED, key, old.value(), old.value()));
    }
  }

  /** Applies the expiry policy's answer for a read of a live entry. */
  void accessed(Holder<V> entry, long now) {
    long deadline = expiry.onAccess(now);
    if (deadline != ExpiryCalculator.UNCHANGED) {
      entry.deadline(deadline);
    }
  }

  /** Writes through, if write-through is on. */
  void write(K key, V value) {
    if (writer != null) {
      writer.write(new LarderEntry<>(key, value));
    }
  }

  /** Deletes through, if write-through is on. */
  void delete(Object key) {
    if (writer != null) {
      writer.delete(key);
    }
  }

  /** Hands the events recorded since the last call to asynchronous listeners; under the key's lock. */
  void publishAsync(Outcome<K, V> outcome, int from) {
    List<dev.larder.event.LarderEntryEvent<K, V>> list = outcome.events;
    if (list != null && list.size() > from) {
      events.publishAsync(from == 0 ? list : list.subList(from, list.size()));
    }
  }

  /** After the lock is released: counts statistics and delivers events to synchronous listeners. */
  void finish(Outcome<K, V> outcome) {
    if (statisticsEnabled) {
      count(outcome);
    }
    events.publishSync(outcome.events);
  }

  private void count(Outcome<K, V> outcome) {
    if (outcome.hits != 0) {
      stats.hits(outcome.hits);
    }
    if (outcome.misses != 0) {
      stats.misses(outcome.misses);
    }
    if (outcome.puts != 0) {
      stats.puts(outcome.puts);
    }
    if (outcome.removals != 0) {
      stats.removals(outcome.removals);
    }
  }

  /** Returns a value the caller may keep: a copy for store-by-value caches. */
  V out(V stored) {
    return stored == null ? null : copier.copy(stored);
  }

  /** Returns a key the caller may keep: a copy for store-by-value caches. */
  K outKey(K stored) {
    return copier.copy(stored);
  }

  /** Returns the form of a value the store keeps. */
  V in(V value) {
    return copier.copy(value);
  }

  /** Returns the form of a key the store keeps. */
  K inKey(K key) {
    return copier.copy(key);
  }
}
