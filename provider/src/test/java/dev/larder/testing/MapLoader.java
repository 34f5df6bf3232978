package dev.larder.testing;

import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;

/** A loader that serves a map (missing keys load as null), counts keys loaded and can fail. */
public final class MapLoader<K, V> implements CacheLoader<K, V>, Closeable {

  public final Map<K, V> source = new ConcurrentHashMap<>();
  public final AtomicInteger loads = new AtomicInteger();
  public volatile RuntimeException failure;
  private volatile boolean closed;

  public boolean isClosed() {
    return closed;
  }

  @Override
  public V load(K key) {
    loads.incrementAndGet();
    if (failure != null) {
      throw failure;
    }
    return source.get(key);
  }

  @Override
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    Map<K, V> result = new HashMap<>();
    for (K key : keys) {
      result.put(key, load(key));
    }
    return result;
  }

  @Override
  public void close() {
    closed = true;
  }
}
