package dev.larder.jcache;

import dev.larder.engine.Deadlines;
import dev.larder.store.DirectWrite;
import javax.cache.event.EventType;

/**
 * A single-key write run as a {@link DirectWrite} of the store (decided and committed by the
 * store's authority in one action): turns what the store reports into what {@link Outcome} records
 * for the step path — the events (queued for asynchronous listeners while the key is held), the
 * statistics, the deadline — so that the cache cannot tell the two paths apart.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class DirectOp<K, V> extends DirectWrite<K, V> {

  private final CacheCore<K, V> core;
  /** Whether the operation reads the old value for its caller (getAndPut, getAndRemove, ...): counted as a hit or miss. */
  private final boolean countRead;
  /** What the operation did, as the step path records it; {@link CacheCore#finish} completes it. */
  final Outcome<K, V> outcome;
  /** What the store did. */
  Effect effect;
  /** The old value (if asked for). */
  V old;

  DirectOp(CacheCore<K, V> core, Kind kind, V value, long now, long createDeadline, long updateDeadline,
      boolean wantsOld, boolean countRead) {
    super(kind, value, now, createDeadline, updateDeadline, wantsOld);
    this.core = core;
    this.countRead = countRead;
    this.outcome = new Outcome<>(core, null, now);
  }

  @Override
  protected void committed(K key, Effect effect, boolean expired, V old) {
    this.effect = effect;
    this.old = expired ? null : old; // an expired value is reported, never returned
    Outcome<K, V> o = outcome;
    o.done = true;
    o.foundExpired = expired;
    if (expired) {
      core.activity.expired();
      if (old != null && core.events.wants(EventType.EXPIRED)) {
        o.add(core.events.event(EventType.EXPIRED, key, old, old));
      }
    }
    switch (effect) {
      case CREATED -> {
        o.puts++;
        if (core.events.wants(EventType.CREATED)) {
          o.add(core.events.event(EventType.CREATED, key, value(), null));
        }
        o.noteDeadline(createDeadline());
      }
      case UPDATED -> {
        o.puts++;
        if (core.events.wants(EventType.UPDATED)) {
          o.add(core.events.event(EventType.UPDATED, key, value(), old));
        }
        if (updateDeadline() != KEEP_DEADLINE) {
          o.noteDeadline(updateDeadline());
        }
      }
      case REMOVED -> {
        o.removals++;
        if (core.events.wants(EventType.REMOVED)) {
          o.add(core.events.event(EventType.REMOVED, key, old, old));
        }
      }
      default -> { }
    }
    boolean live = effect == Effect.UPDATED || effect == Effect.REMOVED
        || kind() == Kind.PUT_IF_ABSENT && effect == Effect.NONE;
    if (countRead || kind() == Kind.PUT_IF_ABSENT || kind() == Kind.REPLACE) {
      if (live) {
        o.hits++;
      } else {
        o.misses++;
      }
    }
    core.publishAsync(o);
  }

  /** Tells whether a deadline is one a direct write can set (the step path stores nothing expired on creation). */
  static boolean creatable(long deadline, long now) {
    return deadline == Deadlines.NEVER || deadline > now;
  }
}
