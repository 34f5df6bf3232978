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
 * <p>The processor runs in the key's step against a {@link ProcessorEntry}; its net effect is
 * then applied in the same step, with write-through, expiry, events and statistics as for
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
    Function<K, V> loader = core.readThrough ? core.loading::load : null;
    Outcome<K, V> outcome = core.write(core.inKey(key), loader != null, (o, k, live) -> {
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(k, live != null ? core.out(live.value()) : null, loader);
      try {
        o.result = processor.process(entry, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException("Cache '" + core.name + "': the entry processor "
            + processor.getClass().getName() + " failed for key " + k + ": " + e, e);
      }
      if (live != null) {
        o.hits++;
      } else {
        o.misses++;
      }
      apply(o, k, live, entry);
    });
    @SuppressWarnings("unchecked")
    T t = (T) outcome.result;
    return t;
  }

  /** Applies the processor's net effect, with write-through, expiry, events and statistics. */
  private void apply(Outcome<K, V> o, K key, Holder<V> live, ProcessorEntry<K, V> entry) {
    switch (entry.operation()) {
      case NONE -> { }
      case ACCESS -> core.accessed(o, live);
      case LOAD -> core.create(o, key, core.in(key, entry.value()));
      case CREATE -> {
        core.checkValue(key, entry.value());
        core.writeThrough(key, entry.value());
        core.create(o, key, core.in(key, entry.value()));
      }
      case UPDATE -> {
        core.checkValue(key, entry.value());
        core.writeThrough(key, entry.value());
        core.update(o, key, live, core.in(key, entry.value()));
      }
      case REMOVE -> {
        core.deleteThrough(key);
        if (live != null) {
          core.removed(o, key, live);
        } else {
          o.drop();
        }
      }
      default -> throw new IllegalStateException("unknown operation " + entry.operation());
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
