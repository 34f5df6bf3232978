package dev.larder.redis;

import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.engine.Step;
import dev.larder.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.cache.CacheException;

/**
 * The batches of steps of a {@link RedisStore} ({@code putAll}, {@code removeAll} without a writer
 * when the writes cannot be {@linkplain DirectWrites direct}, e.g. under an expiry policy of the
 * application's own), and the holds of batch write-throughs. A batch has its keys held in memory
 * (up to {@value #CHUNK} at a time), their leases taken with one pipelined round trip, each step
 * decided once, every commit sent before any answer is awaited (one more round trip). Each key's
 * step is atomic on its own, as in {@link RedisStore#apply}. A batch never waits for another
 * instance while it holds leases: if another instance holds one of its keys, it gives back what it
 * took and runs the keys one by one. A {@linkplain #hold hold} takes the leases one by one,
 * waiting for each.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class Batches<K, V> {

  /**
   * The most keys whose leases and commits go to Redis together: short bursts keep Redis from
   * running long stretches for one client (and from being preempted in the middle of them).
   */
  static final int CHUNK = 64;

  private final RedisStore<K, V> store;

  Batches(RedisStore<K, V> store) {
    this.store = store;
  }

  /**
   * Runs the steps of several keys together: holds their keys in memory, takes their leases with
   * one pipelined round trip, runs each step's {@code decide} once, sends every commit (pipelined),
   * then waits for the answers. If another instance holds one of the keys, the keys run one by one
   * instead ({@link RedisStore#apply}), so a batch never waits while holding leases.
   */
  void applyAll(List<? extends K> keys, List<? extends Step<K, V>> steps, boolean mayBlock) {
    for (int from = 0; from < keys.size(); from += CHUNK) {
      int to = Math.min(keys.size(), from + CHUNK);
      applyChunk(keys.subList(from, to), steps.subList(from, to), mayBlock);
    }
  }

  private void applyChunk(List<? extends K> keys, List<? extends Step<K, V>> steps, boolean mayBlock) {
    int n = keys.size();
    byte[][] members = new byte[n][];
    int[] buckets = new int[n];
    for (int i = 0; i < n; i++) {
      members[i] = store.member(keys.get(i));
      buckets[i] = Layout.bucket(members[i]);
    }
    List<KeyLock<V>> locks = n < 2 ? null : store.markers.lockAll(new ArrayList<K>(keys));
    List<Leases.Held> held = null;
    try {
      held = locks == null ? null : store.leases.tryEnterAll(keys, members, buckets);
      if (held != null) {
        commitAll(keys, steps, members, buckets, held);
      }
    } finally {
      if (held != null) {
        for (int i = held.size() - 1; i >= 0; i--) {
          store.leases.exit(held.get(i));
        }
      }
      if (locks != null) {
        store.markers.unlockAll(locks);
      }
    }
    if (held == null) {
      for (int i = 0; i < n; i++) {
        store.apply(keys.get(i), steps.get(i), mayBlock);
      }
    }
  }

  /** Decides every step of a batch whose leases are held, sends the commits, waits for them. */
  private void commitAll(List<? extends K> keys, List<? extends Step<K, V>> steps, byte[][] members, int[] buckets,
      List<Leases.Held> held) {
    RuntimeException failure = null;
    List<Committer<K, V>.Sent> sent = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size() && failure == null; i++) {
      K key = keys.get(i);
      Step<K, V> step = steps.get(i);
      try {
        Holder<V> current;
        CacheException unreadable = null;
        try {
          current = store.holder(key, members[i], buckets[i], held.get(i).raw);
        } catch (CacheException e) {
          current = null;
          unreadable = e;
        }
        step.runDecide(key, current);
        if (unreadable != null && step.change() == Step.Change.KEEP) {
          throw unreadable;
        }
        sent.add(store.committer.send(key, members[i], buckets[i], current, step, held.get(i)));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    boolean[] ok = new boolean[sent.size()];
    for (int i = 0; i < sent.size(); i++) {
      try {
        if (sent.get(i) != null) {
          store.committer.complete(sent.get(i));
        }
        ok[i] = true;
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      } finally {
        store.forget(keys.get(i));
      }
    }
    for (int i = 0; i < sent.size(); i++) {
      if (ok[i]) {
        steps.get(i).runCommitted(keys.get(i));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Holds several keys for a step that spans them (a batch write-through): the keys in memory,
   * then their leases in Redis, taken in the order of the encoded keys (every instance takes the
   * leases of a batch in that order, so two batches never wait on each other in a cycle).
   */
  Store.Hold hold(Collection<K> keys) {
    List<KeyLock<V>> locks = store.markers.lockAll(keys);
    List<Leases.Held> held = new ArrayList<>(keys.size());
    try {
      List<Object[]> ordered = new ArrayList<>(keys.size());
      for (K key : keys) {
        ordered.add(new Object[] {key, store.member(key)});
      }
      ordered.sort((a, b) -> Arrays.compareUnsigned((byte[]) a[1], (byte[]) b[1]));
      for (Object[] o : ordered) {
        byte[] member = (byte[]) o[1];
        held.add(store.leases.enter(o[0], member, Layout.bucket(member), () -> Raw.NONE));
      }
    } catch (RuntimeException | Error e) {
      release(held, locks);
      throw e;
    }
    return () -> release(held, locks);
  }

  private void release(List<Leases.Held> held, List<KeyLock<V>> locks) {
    for (int i = held.size() - 1; i >= 0; i--) {
      store.leases.exit(held.get(i));
    }
    store.markers.unlockAll(locks);
  }
}
