package dev.larder.redis;

import dev.larder.engine.Holder;
import io.lettuce.core.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reads of a {@link RedisStore}: from its {@link NearCache} when that holds the key, else from
 * Redis ({@code HMGET}; several keys pipelined, one round trip in all), installing what Redis
 * answered into the near cache through a placeholder, so that a read that races an invalidation
 * never installs the value it read (see {@link NearCache}). No lease, no lock.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class Reads<K, V> {

  /** For tests: runs between a read's answer from Redis and its install into the near cache. */
  static volatile java.util.function.Consumer<Object> beforeKeep;

  private final RedisStore<K, V> store;

  Reads(RedisStore<K, V> store) {
    this.store = store;
  }

  /**
   * Reads an entry from Redis, and puts it into the near cache if the cache has one (through a
   * placeholder: nothing is put if the key is invalidated meanwhile).
   */
  private Holder<V> fetchHolder(K key, byte[] member, int bucket, Raw[] rawOut) {
    NearCache.Placeholder p = store.near == null ? null : store.near.reserve(key);
    try {
      Raw raw = store.fetch(member, bucket, key);
      Holder<V> entry = store.holder(key, member, bucket, raw);
      keep(key, p, raw, entry);
      p = null;
      if (rawOut != null) {
        rawOut[0] = raw;
      }
      return entry;
    } finally {
      if (p != null) {
        store.near.release(key, p);
      }
    }
  }

  /** Installs what Redis answered into the near cache, if it is a plain entry (no computation). */
  private void keep(Object key, NearCache.Placeholder p, Raw raw, Holder<V> entry) {
    if (p == null) {
      return;
    }
    java.util.function.Consumer<Object> hook = beforeKeep;
    if (hook != null) {
      hook.accept(key);
    }
    if (raw.flight() == null && raw.value() != null && entry != null && !entry.isPending()) {
      store.near.install(key, p, new NearCache.Entry<>(new Holder<>(entry.value(), entry.deadline()), raw.deadline()));
    } else {
      store.near.release(key, p);
    }
  }

  /** {@link RedisStore#read}: the live value, renewing its deadline if the policy says reads do. */
  @SuppressWarnings("unchecked")
  V read(Object key) {
    if (store.near != null) {
      NearCache.Entry<V> held = store.near.get(key);
      if (held != null) {
        Holder<V> entry = held.holder();
        long before = entry.deadline();
        if (!store.liveness.read(entry)) {
          return null;
        }
        if (entry.deadline() != before) {
          byte[] member = store.member(key); // renewed on access: Redis gets the deadline, the copy goes
          store.touch(member, Layout.bucket(member), held.serverDeadline(), entry.deadline(), key);
        }
        return entry.value();
      }
    }
    byte[] member = store.member(key);
    int bucket = Layout.bucket(member);
    Raw[] rawOut = new Raw[1];
    Holder<V> entry = fetchHolder((K) key, member, bucket, rawOut);
    Raw raw = rawOut[0];
    if (entry == null) {
      return null;
    }
    if (entry.isPending()) {
      return store.liveness.isLive(entry) ? entry.value() : null;
    }
    long before = entry.deadline();
    if (!store.liveness.read(entry)) {
      return null;
    }
    if (entry.deadline() != before) {
      store.touch(member, bucket, raw.deadline(), entry.deadline(), key);
    }
    return entry.value();
  }

  /** {@link RedisStore#get}: the entry, live or expired, or the marker in its place. */
  @SuppressWarnings("unchecked")
  Holder<V> get(Object key) {
    if (store.near != null) {
      NearCache.Entry<V> held = store.near.get(key);
      if (held != null) {
        return held.holder();
      }
    }
    byte[] member = store.member(key);
    return fetchHolder((K) key, member, Layout.bucket(member), null);
  }

  /** Reads the keys the near cache does not hold with one pipelined round trip ({@code HMGET} each). */
  List<Holder<V>> getAll(List<? extends K> keys) {
    List<Holder<V>> out = new ArrayList<>(keys.size());
    List<CompletableFuture<List<KeyValue<byte[], byte[]>>>> answers = new ArrayList<>(keys.size());
    NearCache.Placeholder[] placeholders = new NearCache.Placeholder[keys.size()];
    byte[][] members = new byte[keys.size()][];
    try {
      for (int i = 0; i < keys.size(); i++) {
        K key = keys.get(i);
        NearCache.Entry<V> held = store.near == null ? null : store.near.get(key);
        if (held != null) {
          out.add(held.holder());
          answers.add(null);
          continue;
        }
        out.add(null);
        placeholders[i] = store.near == null ? null : store.near.reserve(key);
        members[i] = store.member(key);
        answers.add(store.calls.redis.hmget(store.layout.entry(Layout.bucket(members[i]), members[i]), Raw.FIELDS)
            .toCompletableFuture());
      }
      for (int i = 0; i < keys.size(); i++) {
        if (answers.get(i) == null) {
          continue;
        }
        K key = keys.get(i);
        Raw raw = Raw.of(store.calls.await(answers.get(i), "the read", key));
        Holder<V> entry = store.holder(key, members[i], Layout.bucket(members[i]), raw);
        out.set(i, entry);
        keep(key, placeholders[i], raw, entry);
        placeholders[i] = null;
      }
      return out;
    } finally {
      for (int i = 0; i < placeholders.length; i++) {
        if (placeholders[i] != null) {
          store.near.release(keys.get(i), placeholders[i]);
        }
      }
    }
  }
}
