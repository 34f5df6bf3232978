package dev.larder.store;

import dev.larder.engine.Holder;
import dev.larder.engine.EntryTable;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The volatile store: entries live only in the JVM heap, in the engine's {@link EntryTable}.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class HeapStore<K, V> implements Store<K, V> {

  private final EntryTable<K, V> table = new EntryTable<>();

  /** Creates an empty heap store. */
  public HeapStore() {}

  @Override
  public Holder<V> get(Object key) {
    return table.get(key);
  }

  @Override
  public Holder<V> compute(K key, BiFunction<? super K, ? super Holder<V>, ? extends Holder<V>> function) {
    return table.compute(key, function);
  }

  @Override
  public boolean removeIfSame(K key, Holder<V> expected) {
    return table.removeIfSame(key, expected);
  }

  @Override
  public long size() {
    return table.size();
  }

  @Override
  public void clear() {
    table.clear();
  }

  @Override
  public Iterator<Map.Entry<K, Holder<V>>> iterator() {
    return table.iterator();
  }

  @Override
  public void close() {
    table.clear();
  }
}
