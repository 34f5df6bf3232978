package dev.larder.store;

import dev.larder.engine.Deadlines;

/**
 * A single-key write whose decision needs no code of the application, so that a store with an
 * authority behind a network may make it there, in the same request that commits it, instead of
 * reading the entry first ({@link Store#applyDirect}). What the write does depends only on whether
 * the key has a live entry, and the deadlines it sets are given in advance, as a built-in expiry
 * policy answers them.
 *
 * <p>The decision follows the liveness rule of the cache's steps ({@link dev.larder.engine.Liveness}) exactly: an entry
 * is live if it has a value and {@code now < deadline}; an expired entry the write finds is
 * removed (or replaced) and reported ({@link #committed}'s {@code expired}); a computation in
 * flight that stands for nothing reads as absent, one that stands for a live entry (a refresh) as
 * that entry, and it is dropped by every write that changes the key.
 *
 * <p>Not thread-safe: one per call.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public abstract class DirectWrite<K, V> {

  /** What the write does, by whether the key has a live entry. */
  public enum Kind {
    /** Stores the value: an update over a live entry, a creation otherwise. */
    PUT,
    /** Stores the value only if the key has no live entry (a creation). */
    PUT_IF_ABSENT,
    /** Stores the value only over a live entry (an update). */
    REPLACE,
    /** Removes whatever the key holds (a removal if it was live), a computation in flight included. */
    REMOVE
  }

  /** What the write did to the key's live entry. */
  public enum Effect {
    /** The key had no live entry and got one. */
    CREATED,
    /** The key's live entry got a new value. */
    UPDATED,
    /** The key's live entry was removed. */
    REMOVED,
    /** The live entry was not changed (none, for REPLACE and REMOVE; one, for PUT_IF_ABSENT). */
    NONE
  }

  /** The update deadline that means "the live entry keeps its deadline". */
  public static final long KEEP_DEADLINE = Long.MIN_VALUE;

  private final Kind kind;
  private final V value;
  private final long now;
  private final long createDeadline;
  private final long updateDeadline;
  private final boolean wantsOld;

  /**
   * Describes a write.
   *
   * @param kind what it does
   * @param value the stored form of the value (PUT, PUT_IF_ABSENT, REPLACE), or {@code null} (REMOVE)
   * @param now the cache's time of the liveness decision, in milliseconds since the epoch
   * @param createDeadline the deadline of a created entry (after {@code now}), or {@link Deadlines#NEVER}
   * @param updateDeadline the deadline of an updated entry, {@link Deadlines#NEVER}, or {@link
   *     #KEEP_DEADLINE}
   * @param wantsOld whether {@link #committed} needs the value the key had (a live one replaced or
   *     removed, an expired one reported)
   */
  protected DirectWrite(Kind kind, V value, long now, long createDeadline, long updateDeadline, boolean wantsOld) {
    this.kind = kind;
    this.value = value;
    this.now = now;
    this.createDeadline = createDeadline;
    this.updateDeadline = updateDeadline;
    this.wantsOld = wantsOld;
  }

  /**
   * Called once the write is committed, while the key is still held (so that what it queues is in
   * the key's order). Not called if the store did not run the write.
   *
   * @param key the key
   * @param effect what happened to the live entry
   * @param expired whether an expired entry was found (and removed or replaced)
   * @param old the value replaced, removed or found expired, if {@link #wantsOld()}; {@code null}
   *     otherwise, or if there was none, or if it could not be decoded
   */
  protected abstract void committed(K key, Effect effect, boolean expired, V old);

  /**
   * Runs {@link #committed} (for stores).
   *
   * @param key the key
   * @param effect what happened
   * @param expired whether an expired entry was found
   * @param old the old value or {@code null}
   */
  public final void runCommitted(K key, Effect effect, boolean expired, V old) {
    committed(key, effect, expired, old);
  }

  /**
   * Returns what the write does.
   *
   * @return the kind
   */
  public final Kind kind() {
    return kind;
  }

  /**
   * Returns the value stored, or {@code null} for REMOVE.
   *
   * @return the stored form of the value
   */
  public final V value() {
    return value;
  }

  /**
   * Returns the cache's time the liveness of the key's entry is decided at.
   *
   * @return milliseconds since the epoch
   */
  public final long now() {
    return now;
  }

  /**
   * Returns the deadline of an entry the write creates.
   *
   * @return milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public final long createDeadline() {
    return createDeadline;
  }

  /**
   * Returns the deadline of an entry the write updates.
   *
   * @return milliseconds since the epoch, {@link Deadlines#NEVER}, or {@link #KEEP_DEADLINE}
   */
  public final long updateDeadline() {
    return updateDeadline;
  }

  /**
   * Tells whether {@link #committed} needs the old value.
   *
   * @return {@code true} if it does
   */
  public final boolean wantsOld() {
    return wantsOld;
  }
}
