package dev.larder.engine;

/**
 * One stored mapping's value and its expiry deadline.
 *
 * <p>The table may also hold a {@link Pending} marker under a key — an in-flight computation
 * ({@link Flight}) or a key held by an exclusive step ({@link KeyLock}). A marker is a {@code
 * Holder} too: its value and deadline are what readers see meanwhile (the entry it stands in for,
 * or nothing: a {@code null} value with the deadline {@link #ABSENT}), so a lock-free reader needs
 * no special case. Code that must tell them apart asks {@link #isPending()}.
 *
 * <p>Most writes replace the whole holder inside the table's atomic per-key update. A plain
 * {@code put} over a live entry instead updates the holder in place ({@link #update}, under the
 * key's lock): no allocation, and no new object referenced from the (old) table, which keeps the
 * garbage collector's work independent of the write rate. Lock-free readers may then see the new
 * value with the old deadline or the other way round; both pairs were live, so either answer is
 * correct. Code that compares holders by identity must therefore re-check the deadline. The
 * deadline alone may also move in place (an access that renews a time-to-live), which is a single
 * volatile write with last-writer-wins semantics: two concurrent renewals both compute
 * "now + ttl", so either result is correct.
 *
 * @param <V> the stored value type
 */
public sealed class Holder<V> permits Pending {

  /** The deadline of a marker that stands for no entry: long past, so the marker reads as absent. */
  public static final long ABSENT = 0;

  private volatile V value;
  private volatile long deadline;

  /**
   * Creates an entry.
   *
   * @param value the stored value, never {@code null}
   * @param deadline when it expires, in milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public Holder(V value, long deadline) {
    this.value = value;
    this.deadline = deadline;
  }

  /**
   * Returns the stored value.
   *
   * @return the value, never {@code null}
   */
  public V value() {
    return value;
  }

  /**
   * Returns when this entry expires.
   *
   * @return milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public long deadline() {
    return deadline;
  }

  /**
   * Replaces the value and the deadline in place. Only under the key's lock, on the holder the
   * table currently stores for it.
   *
   * @param value the new value, never {@code null}
   * @param deadline the new deadline in milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public void update(V value, long deadline) {
    this.value = value;
    this.deadline = deadline;
  }

  /**
   * Moves this entry's deadline (for example when an access renews its time to live).
   *
   * @param deadline the new deadline in milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public void deadline(long deadline) {
    this.deadline = deadline;
  }

  /**
   * Tells whether this is a marker (an in-flight computation or an exclusive step) rather than an
   * entry.
   *
   * @return {@code false} for an entry
   */
  public boolean isPending() {
    return false;
  }

  @Override
  public String toString() {
    return "Holder[deadline=" + (deadline == Deadlines.NEVER ? "never" : deadline) + "]";
  }
}
