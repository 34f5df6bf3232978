package dev.larder.jcache;

import dev.larder.engine.Holder;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * Iterates the live entries of a cache, weakly consistently: it never throws
 * {@link java.util.ConcurrentModificationException} and skips entries that expired.
 * Each entry returned counts as a hit and as an access for the expiry policy; {@link #remove()}
 * removes the last entry as {@link Cache#remove(Object)} would (write-through, event, statistics).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final CacheCore<K, V> core;
  private final LarderJCache<K, V> cache;
  private final Iterator<Map.Entry<K, Holder<V>>> source;
  private Cache.Entry<K, V> next;
  private K lastKey;

  CacheIterator(CacheCore<K, V> core, LarderJCache<K, V> cache) {
    this.core = core;
    this.cache = cache;
    this.source = core.store.iterator();
  }

  @Override
  public boolean hasNext() {
    cache.ensureOpen();
    while (next == null && source.hasNext()) {
      Map.Entry<K, Holder<V>> candidate = source.next();
      Holder<V> entry = candidate.getValue();
      if (core.liveness.isLive(entry)) {
        V value = entry.value();
        core.accessedUnlocked(candidate.getKey(), entry);
        next = new LarderEntry<>(core.outKey(candidate.getKey()), core.out(value));
      }
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Cache.Entry<K, V> result = next;
    next = null;
    lastKey = result.getKey();
    if (core.statisticsEnabled) {
      core.stats.hits(1);
    }
    return result;
  }

  @Override
  public void remove() {
    cache.ensureOpen();
    if (lastKey == null) {
      throw new IllegalStateException("remove() needs a preceding next()");
    }
    cache.removeEntry(lastKey, false);
    lastKey = null;
  }
}
