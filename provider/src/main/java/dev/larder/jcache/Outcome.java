package dev.larder.jcache;

import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.engine.Step;
import dev.larder.event.LarderEntryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation on one key, as a {@link Step} of the store: the write primitive every operation
 * of the cache is made of, and what the operation did — the events it produced, the statistics it
 * must count, and its result.
 *
 * <p>{@link #decide} applies the one liveness rule before the operation sees the key: an expired
 * entry is reported (EXPIRED) and handed to the operation as absent, and removed unless the
 * operation writes the key anyway ("create or update, expiring a dead entry first"). A marker (a
 * computation in flight, for instance) is handed to the operation as the entry it stands in for,
 * or as absent; the raw entry is in {@link #current} for the operations that deal with markers.
 * Once the store has committed the change, {@link #committed} queues the events for asynchronous
 * listeners and, in an exclusive step, delivers them to synchronous ones — both while the key is
 * still held, so every listener sees each key's events in order.
 *
 * <p>Not thread-safe: one per call.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Outcome<K, V> extends Step<K, V> {

  /** What an operation does with its key's live entry (or {@code null}), recording into the outcome. */
  @FunctionalInterface
  interface Op<K, V> {
    void run(Outcome<K, V> outcome, K key, Holder<V> live);
  }

  final CacheCore<K, V> core;
  private final Op<K, V> op;
  /** The operation's one clock reading, for the deadlines it sets. */
  final long now;
  /** Whether the step holds its key alone (then synchronous listeners are served inside it). */
  boolean exclusive;
  /** What the store held for the key when the step ran: an entry, a marker, or {@code null}. */
  Holder<V> current;
  /** Whether {@link #decide} found the key's entry expired (and reported it). */
  boolean foundExpired;
  private boolean syncDelivered;
  /** Whether the step was committed ({@link #committed} ran). */
  boolean done;

  List<LarderEntryEvent<K, V>> events;
  long hits;
  long misses;
  long puts;
  long removals;
  /** The earliest finite deadline this call gave an entry (noted once the step is done). */
  long deadline = Deadlines.NEVER;
  /** The operation's result, as it chooses to record it. */
  Object result;
  /** A second result slot (a flag, a flight, ...). */
  Object extra;

  Outcome(CacheCore<K, V> core, Op<K, V> op, long now) {
    this.core = core;
    this.op = op;
    this.now = now;
  }

  @Override
  protected void decide(K key, Holder<V> current) {
    this.current = current;
    Holder<V> live = current;
    if (current != null) {
      if (current.isPending()) {
        live = core.liveness.isLive(current) ? current : null; // a marker is never expired here
      } else if (!core.liveness.isLive(current)) {
        core.expired(this, key, current);
        foundExpired = true;
        live = null;
      }
    }
    op.run(this, key, live);
    if (foundExpired && change() == Change.KEEP) {
      remove();
    }
  }

  @Override
  protected void committed(K key) {
    done = true;
    core.publishAsync(this);
    if (exclusive) {
      deliverSync();
    }
  }

  /** Delivers the events to synchronous listeners, once. */
  void deliverSync() {
    if (!syncDelivered) {
      syncDelivered = true;
      core.events.publishSync(events);
    }
  }

  /** Remembers a deadline given to an entry. */
  void noteDeadline(long next) {
    if (next < deadline) {
      deadline = next;
    }
  }

  void add(LarderEntryEvent<K, V> event) {
    if (events == null) {
      events = new ArrayList<>(2);
    }
    events.add(event);
  }

  /** Records a new value for the key (the step's change). */
  void store(V stored, long deadline, boolean overLiveEntry) {
    set(stored, deadline, overLiveEntry);
    noteDeadline(deadline);
  }

  /** Records a new deadline for the live entry, whose value stays (no event). */
  void renew(V value, long deadline) {
    moveDeadline(value, deadline);
    noteDeadline(deadline);
  }

  /** Records that the key's entry goes. */
  void drop() {
    remove();
  }

  /** Exposes the step's change to the operations of this package. */
  void fly(dev.larder.engine.Flight<V> flight) {
    startFlight(flight);
  }

  /** Exposes the step's abandon to the operations of this package. */
  void giveUp(dev.larder.engine.Flight<V> flight) {
    abandon(flight);
  }
}
