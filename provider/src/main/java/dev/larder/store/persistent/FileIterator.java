package dev.larder.store.persistent;

import dev.larder.engine.Holder;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Walks a store file in key order, page by page, preferring the in-memory entry of each key (it is
 * at least as recent as the row). Weakly consistent, like the table's own iterator.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class FileIterator<K, V> implements Iterator<Map.Entry<K, Holder<V>>> {

  private final StoreFile file;
  private final int pageSize;
  private final Function<StoreFile.Row, K> keys;
  private final BiFunction<StoreFile.Row, Object, Holder<V>> values;
  private final Function<Object, Holder<V>> memory;
  private List<StoreFile.Row> page;
  private int index;
  private Map.Entry<K, Holder<V>> next;

  /**
   * Starts at the first row.
   *
   * @param file the store file
   * @param pageSize rows read per query
   * @param keys decodes a row's key
   * @param values decodes (and checks) a row's entry
   * @param memory the entry memory holds for a key, or {@code null}
   */
  FileIterator(StoreFile file, int pageSize, Function<StoreFile.Row, K> keys,
      BiFunction<StoreFile.Row, Object, Holder<V>> values, Function<Object, Holder<V>> memory) {
    this.file = file;
    this.pageSize = pageSize;
    this.keys = keys;
    this.values = values;
    this.memory = memory;
    this.page = file.page(null, pageSize);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (index == page.size()) {
        if (page.size() < pageSize) {
          return false;
        }
        page = file.page(page.get(page.size() - 1).key(), pageSize);
        index = 0;
        continue;
      }
      StoreFile.Row row = page.get(index++);
      K key = keys.apply(row);
      Holder<V> inMemory = memory.apply(key);
      next = new AbstractMap.SimpleImmutableEntry<>(key, inMemory != null ? inMemory : values.apply(row, key));
    }
    return true;
  }

  @Override
  public Map.Entry<K, Holder<V>> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map.Entry<K, Holder<V>> result = next;
    next = null;
    return result;
  }
}
