package dev.larder.engine;

/**
 * One stored mapping's value and its expiry deadline.
 *
 * <p>The value is fixed for the life of the object: a write replaces the whole {@code Entry}
 * inside the table's atomic per-key update. The deadline alone may move in place (an access
 * that renews a time-to-live), which is a single volatile write with last-writer-wins semantics:
 * two concurrent renewals both compute "now + ttl", so either result is correct.
 *
 * @param <V> the stored value type
 */
public final class Holder<V> {

  private final V value;
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
   * Moves this entry's deadline (for example when an access renews its time to live).
   *
   * @param deadline the new deadline in milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public void deadline(long deadline) {
    this.deadline = deadline;
  }

  /**
   * Tells whether this entry has expired.
   *
   * @param now the current time in milliseconds since the epoch
   * @return {@code true} if the deadline is at or before {@code now}
   */
  public boolean isExpired(long now) {
    return Deadlines.isDue(deadline, now);
  }

  @Override
  public String toString() {
    return "Holder[deadline=" + (deadline == Deadlines.NEVER ? "never" : deadline) + "]";
  }
}
