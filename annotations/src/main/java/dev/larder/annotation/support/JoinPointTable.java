package dev.larder.annotation.support;

/**
 * Method metadata by static join point, for the hit path of woven code: an open-addressing table
 * compared by identity, keys and values side by side in one array, replaced whole on every insert.
 * A lookup is one volatile read and, in the common case, two reads of adjacent slots, with no node
 * to follow. Inserts are rare (once per woven method) and serialized.
 */
final class JoinPointTable {

  /** Key at even index, value after it; the length is a power of two, at most half the pairs used. */
  private volatile Object[] slots = new Object[32];
  private int size;

  /**
   * Returns the metadata stored for a join point.
   *
   * @param joinPoint the handle, compared by identity
   * @return the metadata, or {@code null}
   */
  CachedMethod get(Object joinPoint) {
    Object[] table = slots;
    int mask = table.length - 1;
    int i = (System.identityHashCode(joinPoint) << 1) & mask;
    for (;;) {
      Object key = table[i];
      if (key == joinPoint) {
        return (CachedMethod) table[i + 1];
      }
      if (key == null) {
        return null;
      }
      i = (i + 2) & mask;
    }
  }

  /**
   * Stores the metadata of a join point unless one is stored already.
   *
   * @param joinPoint the handle
   * @param method its metadata
   */
  synchronized void putIfAbsent(Object joinPoint, CachedMethod method) {
    if (get(joinPoint) != null) {
      return;
    }
    Object[] table = slots;
    int capacity = (size + 1) * 4 > table.length ? table.length * 2 : table.length;
    Object[] copy = new Object[capacity];
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] != null) {
        insert(copy, table[i], table[i + 1]);
      }
    }
    insert(copy, joinPoint, method);
    size++;
    slots = copy;
  }

  private static void insert(Object[] table, Object key, Object value) {
    int mask = table.length - 1;
    int i = (System.identityHashCode(key) << 1) & mask;
    while (table[i] != null) {
      i = (i + 2) & mask;
    }
    table[i] = key;
    table[i + 1] = value;
  }
}
