package dev.larder.jcache;

import dev.larder.engine.Flight;
import dev.larder.engine.Holder;

/**
 * Computations in flight (single flight), as steps of the store: {@link #begin} puts a {@link
 * Flight} in place of a missing key, or finds the one already there; {@link #land} stores the
 * computed value only if the flight is still in place; {@link #abandon} takes it away again.
 * Whatever changed the key meanwhile (a write, a removal, a clear, an eviction) replaced or dropped
 * the flight, so a computation never overwrites a newer change.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Flights<K, V> {

  /**
   * What {@link #begin} found.
   *
   * @param hit the live value (stored form), if the key had one and no refresh was asked for
   * @param own the flight this caller started and must land or abandon
   * @param joined a flight another caller started, whose future to wait for
   */
  record Start<V>(V hit, Flight<V> own, Flight<V> joined) {}

  private final CacheCore<K, V> core;

  Flights(CacheCore<K, V> core) {
    this.core = core;
  }

  /**
   * Starts a computation of a key unless one is in flight (then joins it) or the key has a live
   * value and {@code refresh} is false (then returns it).
   *
   * @param key the key, in stored form
   * @param refresh whether to compute even over a live value (which readers keep seeing meanwhile,
   *     and which the new flight replaces any flight in progress)
   */
  @SuppressWarnings("unchecked")
  Start<V> begin(K key, boolean refresh) {
    Outcome<K, V> outcome = core.write(key, false, (o, k, live) -> {
      if (!refresh && o.current instanceof Flight<?> running) {
        o.extra = running;
        return;
      }
      if (!refresh && live != null) {
        o.result = live.value();
        return;
      }
      Flight<V> mine = new Flight<>(live == null ? null : new Holder<>(live.value(), live.deadline()));
      o.fly(mine);
      o.extra = mine;
    });
    if (outcome.result != null) {
      return new Start<>((V) outcome.result, null, null);
    }
    Flight<V> flight = (Flight<V>) outcome.extra;
    return outcome.change() == dev.larder.engine.Step.Change.FLIGHT ? new Start<>(null, flight, null)
        : new Start<>(null, null, flight);
  }

  /**
   * Stores a computed value if the flight is still in place: like a put (CREATED, or UPDATED over
   * the entry a refresh stood in for; a put in the statistics), optionally written through.
   *
   * @param key the key, in stored form
   * @param flight the flight {@link #begin} started
   * @param stored the value in stored form
   * @param ttl the value's time to live, or {@code null} for the cache's policy
   * @param writeThrough whether to write the value through (a computation does; a load does not)
   * @return {@code true} if it was stored
   */
  boolean land(K key, Flight<V> flight, V stored, java.time.Duration ttl, boolean writeThrough) {
    Outcome<K, V> outcome = core.write(key, false, (o, k, live) -> {
      if (o.current != flight) {
        return; // a change landed while it was computed: it wins
      }
      if (writeThrough) {
        core.writeThrough(k, stored);
      }
      core.createOrUpdate(o, k, live, stored, ttl);
      if (o.change() == dev.larder.engine.Step.Change.KEEP) {
        o.giveUp(flight); // expired on creation: nothing is stored, the flight goes
      }
      o.result = Boolean.TRUE;
    });
    return outcome.result != null;
  }

  /**
   * Ends a flight whose computation found no value: the key's entry goes (for a refresh, the value
   * it stood in for is no longer right), unless the flight was replaced meanwhile.
   *
   * @param key the key, in stored form
   * @param flight the flight {@link #begin} started
   */
  void clear(K key, Flight<V> flight) {
    core.write(key, false, (o, k, live) -> {
      if (o.current == flight) {
        if (live != null) {
          core.deleteThrough(k);
          core.removed(o, k, live);
        } else {
          o.drop();
        }
      }
    });
  }

  /**
   * Takes a flight away (its computation failed): the key gets back the entry
   * the flight stood in for, or nothing. Does nothing if the flight was replaced meanwhile.
   *
   * @param key the key, in stored form
   * @param flight the flight {@link #begin} started
   */
  void abandon(K key, Flight<V> flight) {
    core.write(key, false, (o, k, live) -> {
      if (o.current == flight) {
        o.giveUp(flight);
      }
    });
  }
}
