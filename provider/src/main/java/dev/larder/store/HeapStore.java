package dev.larder.store;

import dev.larder.engine.EntryTable;
import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.engine.Liveness;
import dev.larder.engine.Step;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The volatile store: entries live only in the JVM heap, in the engine's {@link EntryTable},
 * which is its own authority.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public final class HeapStore<K, V> implements Store<K, V> {

  private final EntryTable<K, V> table;
  private final Liveness liveness;

  /**
   * Creates an empty heap store, bounded if {@code maximumSize > 0}, optionally keeping entries
   * that never expire as bare values (see {@link EntryTable#EntryTable(long, BiConsumer, boolean)}).
   *
   * @param liveness the cache's rule for live entries
   * @param maximumSize the largest number of entries, or 0 for no bound
   * @param evictionListener told of each entry evicted to respect the bound
   * @param bareEternal whether eternal entries are stored without a holder
   */
  public HeapStore(Liveness liveness, long maximumSize, BiConsumer<K, Holder<V>> evictionListener,
      boolean bareEternal) {
    this.liveness = liveness;
    this.table = new EntryTable<>(maximumSize, evictionListener, bareEternal);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V read(Object key) {
    Object found = table.peek(key);
    if (found instanceof Holder<?> entry) {
      return liveness.read(entry) ? (V) entry.value() : null;
    }
    return (V) found; // a bare eternal value (live), or null
  }

  @Override
  public Holder<V> get(Object key) {
    return table.get(key);
  }

  @Override
  public void apply(K key, Step<K, V> step, boolean mayBlock) {
    if (mayBlock) {
      table.applyExclusive(key, step);
    } else {
      table.apply(key, step);
    }
  }

  @Override
  public Hold hold(Collection<K> keys) {
    List<KeyLock<V>> locks = table.lockAll(keys);
    return () -> table.unlockAll(locks);
  }

  @Override
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    return table.visit(budget, visitor);
  }

  @Override
  public long walkSize() {
    return table.size();
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
