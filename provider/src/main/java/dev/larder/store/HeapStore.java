package dev.larder.store;

import dev.larder.engine.Holder;
import dev.larder.engine.EntryTable;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The volatile store: entries live only in the JVM heap, in the engine's {@link EntryTable}.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class HeapStore<K, V> implements Store<K, V> {

  private final EntryTable<K, V> table;

  /** Creates an empty, unbounded heap store. */
  public HeapStore() {
    this.table = new EntryTable<>();
  }

  /**
   * Creates an empty heap store, bounded if {@code maximumSize > 0}.
   *
   * @param maximumSize the largest number of entries, or 0 for no bound
   * @param evictionListener told of each entry evicted to respect the bound
   */
  public HeapStore(long maximumSize, BiConsumer<K, Holder<V>> evictionListener) {
    this.table = new EntryTable<>(maximumSize, evictionListener);
  }

  @Override
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    return table.visit(budget, visitor);
  }

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
