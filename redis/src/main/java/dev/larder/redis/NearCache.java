package dev.larder.redis;

import dev.larder.engine.Holder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One instance's copy of the hot entries of a shared cache (the near cache): reads of a key it
 * holds are answered from memory; Redis stays the authority.
 *
 * <p><b>Invalidation.</b> {@link Tracking} keeps a connection on which Redis reports every change
 * of the cache's entry keys, whoever made it ({@code CLIENT TRACKING ... BCAST}); each report
 * removes the key here ({@link #invalidate}). This instance's own changes also remove their keys
 * as soon as their commit returns, so a thread reads its own writes.
 *
 * <p><b>The race of a read with an invalidation.</b> A read that misses first puts a placeholder
 * under the key ({@link #reserve}), then asks Redis, then replaces the placeholder by what Redis
 * answered ({@link #install}) — only if the placeholder is still there. An invalidation removes
 * whatever is under the key, placeholder included. So a value Redis answered before a change can
 * be installed only if the change's report has not arrived yet, and that report, when it arrives,
 * removes it: no stale value survives an invalidation.
 *
 * <p><b>Validity.</b> The copy is served only while the invalidation channel is known to work:
 * {@link Tracking} pings that connection every {@value Tracking#HEARTBEAT_MILLIS} ms, and each
 * answer (which Redis sends after every report of a change made before the ping) makes the copy
 * valid until {@value #WINDOW_MILLIS} ms after the ping was sent; each heartbeat also checks that
 * window ({@link #check}), so a hit reads one volatile flag and no clock. When the connection is lost
 * ({@link #lost}) the copy is emptied, and it is bypassed until tracking is on again on a new
 * connection ({@link #established}); an epoch number, moved at both moments, keeps a read that
 * began before from installing what it read. Hence the staleness bound: another instance's change
 * is visible here at most {@value #STALENESS_MILLIS} ms after Redis applied it (normally as soon
 * as its report arrives, well under a millisecond on a local network).
 *
 * <p><b>Bound.</b> At most {@code capacity} entries: installs are recorded in a ring of that size,
 * and each install evicts the key that the ring's slot recorded before (first in, first out).
 *
 * @param <V> stored value type
 */
final class NearCache<V> {

  /** The staleness bound: the longest a copy is served after a change it was not told of. */
  static final long STALENESS_MILLIS = 1_000;
  /**
   * How long after a heartbeat was sent (whose answer came back) the copy is still served: the
   * bound less two heartbeats, as the end of the window is noticed by the next heartbeat.
   */
  static final long WINDOW_MILLIS = STALENESS_MILLIS - 2 * Tracking.HEARTBEAT_MILLIS;
  private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);

  /**
   * An entry held in memory.
   *
   * @param holder the decoded value (the stored form) and its deadline in the cache's clock, as
   *     handed to readers (a read that renews it moves its deadline, and drops the copy)
   * @param serverDeadline its deadline in server time, as Redis holds it
   * @param <V> value type
   */
  record Entry<V>(Holder<V> holder, long serverDeadline) {}

  /** Stands under a key while a read asks Redis for it. */
  static final class Placeholder {
    final long epoch;

    Placeholder(long epoch) {
      this.epoch = epoch;
    }
  }

  private final ConcurrentHashMap<Object, Object> map;
  private final AtomicReferenceArray<Object> ring;
  private final AtomicLong cursor = new AtomicLong();
  private final int capacity;
  /** Moved whenever the copy is emptied for a lost or new channel. */
  private volatile long epoch;
  /** {@link System#nanoTime()} until which the copy may be served. Guarded by {@code this}. */
  private long validUntil;
  /** Whether the channel is up and its last answer recent enough: the one field a hit reads. */
  private volatile boolean valid;
  private boolean up;

  /**
   * Creates an empty, not yet valid near cache.
   *
   * @param capacity the most entries it holds, at least 1
   */
  NearCache(int capacity) {
    this.capacity = capacity;
    this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  /** Whether the copy may be served now. */
  boolean isValid() {
    return valid;
  }

  /**
   * Stops serving the copy if the last answered heartbeat is too old (called with every heartbeat,
   * so a hit needs no clock reading).
   *
   * @param nowNanos {@link System#nanoTime()} now
   */
  synchronized void check(long nowNanos) {
    if (valid && nowNanos - validUntil >= 0) {
      valid = false;
    }
  }

  /**
   * Returns the entry held for a key, if the copy is valid.
   *
   * @param key the key
   * @return the entry, or {@code null}
   */
  @SuppressWarnings("unchecked")
  Entry<V> get(Object key) {
    Object o = map.get(key);
    return o instanceof Entry<?> e && isValid() ? (Entry<V>) e : null;
  }

  /**
   * Puts a placeholder under a key that a read is about to ask Redis for.
   *
   * @param key the key
   * @return the placeholder, or {@code null} if none was put (invalid copy, or another read's in place)
   */
  Placeholder reserve(Object key) {
    if (!isValid()) {
      return null;
    }
    Placeholder p = new Placeholder(epoch);
    Object before = map.putIfAbsent(key, p);
    if (before == null) {
      return p;
    }
    if (before instanceof Entry<?>) {
      map.remove(key, before); // a read that missed a held entry: it expired; read it again
    }
    return null;
  }

  /**
   * Replaces a read's placeholder by the entry Redis answered, unless an invalidation (or a lost
   * channel) removed the placeholder meanwhile.
   *
   * @param key the key
   * @param p the read's placeholder, or {@code null} (nothing happens)
   * @param entry what Redis answered
   */
  void install(Object key, Placeholder p, Entry<V> entry) {
    if (p == null) {
      return;
    }
    if (p.epoch == epoch && isValid() && map.replace(key, p, entry)) {
      long slot = cursor.getAndIncrement() % capacity;
      Object evicted = ring.getAndSet((int) slot, key);
      if (evicted != null && !evicted.equals(key)) {
        Object o = map.get(evicted);
        if (o instanceof Entry<?>) {
          map.remove(evicted, o);
        }
      }
    } else {
      map.remove(key, p);
    }
  }

  /**
   * Removes a read's placeholder without installing anything (no entry, a computation, a failure).
   *
   * @param key the key
   * @param p the placeholder, or {@code null}
   */
  void release(Object key, Placeholder p) {
    if (p != null) {
      map.remove(key, p);
    }
  }

  /**
   * Removes whatever is held under a key (a change was reported, or made by this instance).
   *
   * @param key the key
   */
  void invalidate(Object key) {
    map.remove(key);
  }

  /** Removes every entry and placeholder (a flush was reported, or the cache was cleared). */
  void clear() {
    map.clear();
  }

  /** The invalidation channel is lost: empties the copy and bypasses it until {@link #established}. */
  synchronized void lost() {
    up = false;
    valid = false;
    epoch++;
    map.clear();
  }

  /**
   * Tracking is on, on a new connection, since a command sent at {@code sentNanos}: empties the
   * copy (it may miss changes made while no channel worked) and serves it again.
   *
   * @param sentNanos when the command that turned tracking on was sent
   */
  synchronized void established(long sentNanos) {
    epoch++;
    map.clear();
    validUntil = sentNanos + WINDOW_NANOS;
    up = true;
    valid = System.nanoTime() - validUntil < 0;
  }

  /**
   * A heartbeat sent at {@code sentNanos} was answered: every change made before it was reported.
   *
   * @param sentNanos when the heartbeat was sent
   */
  synchronized void confirmed(long sentNanos) {
    if (up && sentNanos + WINDOW_NANOS - validUntil > 0) {
      validUntil = sentNanos + WINDOW_NANOS;
    }
    if (up) {
      valid = System.nanoTime() - validUntil < 0;
    }
  }

  /** For tests and statistics: how many entries (and placeholders) are held. */
  int size() {
    return map.size();
  }
}
