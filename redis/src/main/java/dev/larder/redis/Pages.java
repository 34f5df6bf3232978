package dev.larder.redis;

import dev.larder.engine.Holder;
import io.lettuce.core.ScriptOutputType;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Iterates a shared cache's entries (and flights) a page at a time: each bucket's key index in key
 * order, {@value RedisStore#PAGE} entries per round trip, resuming after the last key seen. Weakly
 * consistent: never a key twice, every key present from start to end exactly once; keys added or
 * removed meanwhile may or may not appear. Holds one page in memory, never the whole cache.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class Pages<K, V> implements Iterator<Map.Entry<K, Holder<V>>> {

  private final RedisStore<K, V> store;
  private final ArrayDeque<Map.Entry<K, Holder<V>>> page = new ArrayDeque<>();
  private int bucket;
  private byte[] after = new byte[0];

  Pages(RedisStore<K, V> store) {
    this.store = store;
  }

  @Override
  public boolean hasNext() {
    while (page.isEmpty() && bucket < Layout.BUCKETS) {
      fetch();
    }
    return !page.isEmpty();
  }

  private void fetch() {
    Layout layout = store.layout;
    List<Object> answer = store.calls.await(store.calls.<List<Object>>script(Script.PAGE, ScriptOutputType.MULTI,
        new byte[][] {layout.keyIndex(bucket)}, layout.entryPrefix(bucket), after,
        Layout.utf8(Integer.toString(RedisStore.PAGE))), "iteration", null);
    int members = answer.size() / 6;
    for (int i = 0; i < answer.size(); i += 6) {
      byte[] member = (byte[]) answer.get(i);
      K key = store.decodeKey(member);
      Holder<V> holder = store.holder(key, member, bucket, Raw.of(answer, i + 1));
      if (holder != null) {
        page.add(new AbstractMap.SimpleImmutableEntry<>(key, holder));
      }
      after = member;
    }
    if (members < RedisStore.PAGE) {
      bucket++;
      after = new byte[0];
    }
  }

  @Override
  public Map.Entry<K, Holder<V>> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.poll();
  }
}
