package dev.larder.testing;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A writer backed by a map that records each call ({@code "write k=v"}, {@code "delete k"}) and
 * fails on the keys it is told to, honouring the batch contract (written entries are removed from
 * the collection; the failed one and the rest stay).
 */
public final class RecordingWriter<K, V> implements CacheWriter<K, V>, Closeable {

  public final Map<K, V> store = new ConcurrentHashMap<>();
  public final Set<Object> failOn = ConcurrentHashMap.newKeySet();
  private final List<String> calls = new ArrayList<>();
  private volatile boolean closed;

  public synchronized List<String> drain() {
    List<String> copy = new ArrayList<>(calls);
    calls.clear();
    return copy;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void write(Cache.Entry<? extends K, ? extends V> entry) {
    check(entry.getKey());
    synchronized (this) {
      calls.add("write " + entry.getKey() + "=" + entry.getValue());
    }
    store.put(entry.getKey(), entry.getValue());
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    for (Iterator<Cache.Entry<? extends K, ? extends V>> it = entries.iterator(); it.hasNext(); ) {
      write(it.next());
      it.remove();
    }
  }

  @Override
  public void delete(Object key) {
    check(key);
    synchronized (this) {
      calls.add("delete " + key);
    }
    store.remove(key);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    for (Iterator<?> it = keys.iterator(); it.hasNext(); ) {
      delete(it.next());
      it.remove();
    }
  }

  private void check(Object key) {
    if (failOn.contains(key)) {
      throw new UnsupportedOperationException("writer refuses " + key);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
