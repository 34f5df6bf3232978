package dev.larder.jcache;

import dev.larder.engine.Holder;
import dev.larder.processor.ProcessorEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs entry processors: {@code invoke} and {@code invokeAll}.
 *
 * <p>The processor runs under the key's lock against a {@link ProcessorEntry}; its net effect is
 * then applied in the same atomic step, with write-through, expiry, events and statistics as for
 * the equivalent plain operation. Looking the key up counts a hit or a miss whatever the processor
 * does. An exception from the processor leaves the entry untouched and reaches the caller as an
 * {@link EntryProcessorException}.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Invocations<K, V> {

  private final CacheCore<K, V> core;

  Invocations(CacheCore<K, V> core) {
    this.core = core;
  }

  <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    long now = core.clock.millis();
    Outcome<K, V> outcome = new Outcome<>();
    Object[] result = new Object[1];
    Function<K, V> loader = core.readThrough ? core.loading::load : null;
    core.store.compute(core.inKey(key), (k, current) -> {
      boolean live = CacheCore.isLive(current, now);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(k, live ? core.out(current.value()) : null, loader);
      try {
        result[0] = processor.process(entry, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException("Cache '" + core.name + "': the entry processor "
            + processor.getClass().getName() + " failed for key " + k + ": " + e, e);
      }
      if (live) {
        outcome.hits++;
      } else {
        outcome.misses++;
        if (current != null) {
          core.expired(outcome, k, current);
        }
      }
      Holder<V> next = apply(outcome, k, live ? current : null, entry, now);
      core.publishAsync(outcome, 0);
      return next;
    });
    core.finish(outcome);
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  private Holder<V> apply(Outcome<K, V> outcome, K key, Holder<V> live, ProcessorEntry<K, V> entry, long now) {
    switch (entry.operation()) {
      case NONE:
        return live;
      case ACCESS:
        core.accessed(live, now);
        return live;
      case LOAD:
        return core.create(outcome, key, core.in(entry.value()), now);
      case CREATE:
        core.checkValue(key, entry.value());
        core.write(key, entry.value());
        return core.create(outcome, key, core.in(entry.value()), now);
      case UPDATE:
        core.checkValue(key, entry.value());
        core.write(key, entry.value());
        return core.update(outcome, key, live, core.in(entry.value()), now);
      case REMOVE:
        core.delete(key);
        if (live != null) {
          core.removed(outcome, key, live);
        }
        return null;
      default:
        throw new IllegalStateException("unknown operation " + entry.operation());
    }
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T value = invoke(key, processor, arguments);
        if (value != null) {
          results.put(key, () -> value);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure = e instanceof EntryProcessorException epe ? epe
            : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }
}
