package dev.larder.redis;

import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.store.DirectWrite;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * The one-round-trip writes of a {@link RedisStore} ({@link DirectWrite}): one {@code write.lua}
 * call decides (by the key's liveness, with the deadlines the cache computed in advance) and
 * commits, without taking the key's lease — but not under another step's lease: then nothing is
 * done and the cache runs the write as a step, which waits for that lease. So a step (a
 * computation's landing, an entry processor, a write with a writer) never commits over a direct
 * write that came after its read, and a direct write drops a computation in flight as any write does.
 *
 * <p>As for a step's commit: exactly once (a done marker, a deadline after which Redis refuses
 * it, a lost answer resolved by the marker), the bucket's indexes and the bound kept, the events
 * published for the other instances, and only then this instance's memory (near cache, flights,
 * sweep) and the cache's events — with the key held in memory meanwhile, so this instance's
 * listeners see each key's events in order.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class DirectWrites<K, V> {

  private static final Logger LOG = Logger.getLogger(DirectWrites.class.getName());

  private final RedisStore<K, V> store;
  private final long doneMillis;
  private final AtomicLong ops = new AtomicLong();

  DirectWrites(RedisStore<K, V> store, long doneMillis) {
    this.store = store;
    this.doneMillis = doneMillis;
  }

  /**
   * Runs a direct write.
   *
   * @return {@code true} if it ran; {@code false} if nothing was done and the write must be a step
   */
  boolean apply(K key, DirectWrite<K, V> write) {
    KeyLock<V> lock = store.markers.lock(key);
    try {
      if (store.leases.isHeld(key)) {
        return false; // a step of this thread is under way on the key (a nested write): it goes through it
      }
      return complete(send(key, write), write);
    } finally {
      store.markers.unlock(lock);
    }
  }

  /**
   * Runs the direct writes of several keys, {@value Batches#CHUNK} at a time: the keys held in
   * memory, every script sent before any answer is awaited (one round trip per chunk), then each
   * answer handled as {@link #apply} handles its own. Each key's write is atomic on its own; a key
   * under a step's lease is left to the caller. If a write fails, the others still complete and
   * the first failure is thrown.
   *
   * @return for each key, whether its write ran ({@code false}: the caller runs it as a step)
   */
  boolean[] applyAll(List<? extends K> keys, List<? extends DirectWrite<K, V>> writes) {
    boolean[] ran = new boolean[keys.size()];
    RuntimeException failure = null;
    for (int from = 0; from < keys.size(); from += Batches.CHUNK) {
      int to = Math.min(keys.size(), from + Batches.CHUNK);
      List<KeyLock<V>> locks = store.markers.lockAll(new ArrayList<K>(keys.subList(from, to)));
      try {
        Sent<K>[] sent = newSentArray(to - from);
        for (int i = from; i < to && failure == null; i++) {
          K key = keys.get(i);
          if (!store.leases.isHeld(key)) {
            try {
              sent[i - from] = send(key, writes.get(i));
            } catch (RuntimeException e) {
              failure = e; // an unencodable value: the writes sent before it still complete
            }
          }
        }
        for (int i = from; i < to; i++) {
          if (sent[i - from] != null) {
            try {
              ran[i] = complete(sent[i - from], writes.get(i));
            } catch (RuntimeException e) {
              failure = failure == null ? e : failure;
            }
          }
        }
      } finally {
        store.markers.unlockAll(locks);
      }
      if (failure != null) {
        throw failure;
      }
    }
    return ran;
  }

  @SuppressWarnings("unchecked")
  private static <K> Sent<K>[] newSentArray(int n) {
    return (Sent<K>[]) new Sent<?>[n];
  }

  /** A write sent to Redis whose answer is awaited by {@link #complete}. */
  private record Sent<K>(K key, byte[] member, int bucket, byte[] done, long lateAfter,
      CompletableFuture<List<Object>> answer) {
  }

  /** Sends a direct write's script without waiting for its answer; the key is held by the caller. */
  private Sent<K> send(K key, DirectWrite<K, V> write) {
    byte[] member = store.member(key);
    int bucket = Layout.bucket(member);
    Layout layout = store.layout;
    byte[] done = layout.done(bucket, store.instance + ".w" + ops.incrementAndGet());
    byte[][] keys = {layout.entry(bucket, member), layout.lease(bucket, member), layout.keyIndex(bucket),
        layout.deadlineIndex(bucket), done};
    byte[] value = write.value() == null ? new byte[0] : store.encodeValue(write.value(), key);
    long lateAfter = store.time.serverNow() + store.calls.timeoutMillis;
    CompletableFuture<List<Object>> answer = store.calls.script(Script.WRITE, ScriptOutputType.MULTI, keys,
        Layout.utf8(Long.toString(lateAfter)), Layout.utf8(code(write.kind())), member, value,
        Layout.utf8(Long.toString(store.time.toServer(write.now()))),
        Layout.utf8(deadline(write.createDeadline())),
        Layout.utf8(write.updateDeadline() == DirectWrite.KEEP_DEADLINE ? "k" : deadline(write.updateDeadline())),
        Layout.utf8(Long.toString(store.graceMillis)), Layout.utf8(Long.toString(doneMillis)),
        layout.eventsChannel(), layout.notifyChannel(),
        Layout.utf8(store.instance), Layout.utf8(write.wantsOld() ? "1" : "0"),
        Layout.utf8(store.bound.enabled() ? "1" : "0"));
    return new Sent<>(key, member, bucket, done, lateAfter, answer);
  }

  /**
   * Waits for a sent write's answer and does what follows it: this instance's memory, then {@link
   * DirectWrite#runCommitted}. The key is still held by the caller.
   *
   * @return {@code true} if it ran; {@code false} if nothing was done (a step's lease was held)
   */
  private boolean complete(Sent<K> sent, DirectWrite<K, V> write) {
    K key = sent.key();
    List<Object> result;
    try {
      try {
        result = store.calls.await(sent.answer(), "the write", key);
      } catch (CacheException e) {
        result = store.committer.resolve(sent.done(), sent.lateAfter(), key, e);
      }
    } finally {
      store.forget(key); // applied, or perhaps applied: the near cache reads it again
    }
    long code = (Long) result.get(0);
    if (code == -1) {
      return false;
    }
    if (code == 0) {
      throw store.calls.notApplied("the write", key, "Redis ran it only after its timeout of "
          + store.calls.timeoutMillis + " ms");
    }
    DirectWrite.Effect effect;
    boolean expired;
    byte[] old;
    if (code == 1) { // a replay of a write that applied: its marker tells what it did
      byte[] marker = (byte[]) result.get(1);
      effect = effect((char) marker[0]);
      expired = marker[1] == '1';
      old = marker.length > 2 ? Arrays.copyOfRange(marker, 2, marker.length) : null;
      if (wrote(write.kind(), effect, expired)) {
        store.flights.ended(key);
      }
    } else {
      byte[] e = (byte[]) result.get(1);
      effect = e.length == 0 ? DirectWrite.Effect.NONE : effect((char) e[0]);
      expired = (Long) result.get(2) == 1;
      old = (byte[]) result.get(6);
      if (wrote(write.kind(), effect, expired)) {
        bookkeeping(key, sent.member(), sent.bucket(), (Long) result.get(3) == 1, (Long) result.get(4),
            Raw.text((byte[]) result.get(5)));
      }
    }
    write.runCommitted(key, effect, expired, decodeOld(old, key, write));
    return true;
  }

  /** This instance's memory after a write: its flight of the key ended, the sweep's deadline, the bound. */
  private void bookkeeping(K key, byte[] member, int bucket, boolean created, long count, String deadline) {
    store.flights.ended(key);
    if (!deadline.isEmpty()) {
      store.sweeper.note(bucket, Long.parseLong(deadline));
    }
    if (created) {
      for (byte[] gone : store.bound.created(bucket, count, member)) {
        K evicted = store.decodeKey(gone);
        store.forget(evicted);
        store.evicted.accept(evicted, new Holder<>(null, Holder.ABSENT));
      }
    }
  }

  private V decodeOld(byte[] old, K key, DirectWrite<K, V> write) {
    if (old == null || !write.wantsOld()) {
      return null;
    }
    try {
      return store.decode(old, key);
    } catch (CacheException e) {
      LOG.log(Level.WARNING, e.getMessage() + "; the write replaced it, and reports it without its old value", e);
      return null;
    }
  }

  /** Whether the script changed the key (else only read it). */
  private static boolean wrote(DirectWrite.Kind kind, DirectWrite.Effect effect, boolean expired) {
    return effect != DirectWrite.Effect.NONE || kind == DirectWrite.Kind.REMOVE || expired;
  }

  private static String code(DirectWrite.Kind kind) {
    return switch (kind) {
      case PUT -> "P";
      case PUT_IF_ABSENT -> "A";
      case REPLACE -> "U";
      case REMOVE -> "R";
    };
  }

  private static DirectWrite.Effect effect(char c) {
    return switch (c) {
      case 'C' -> DirectWrite.Effect.CREATED;
      case 'U' -> DirectWrite.Effect.UPDATED;
      case 'R' -> DirectWrite.Effect.REMOVED;
      default -> DirectWrite.Effect.NONE;
    };
  }

  private String deadline(long clientDeadline) {
    long server = store.time.toServer(clientDeadline);
    return server == Deadlines.NEVER ? "" : Long.toString(server);
  }
}
