package dev.larder.engine;

/**
 * A marker the table holds under a key instead of an entry while something is under way for that
 * key: a {@link Flight} (a computation whose result is not stored yet) or a {@link KeyLock} (an
 * exclusive step that may block, for instance on a commit to a store file). Readers see the
 * marker's value and deadline — the entry it stands in for, or nothing — and never wait.
 *
 * @param <V> the stored value type
 */
public abstract sealed class Pending<V> extends Holder<V> permits Flight, KeyLock {

  /**
   * What the table stored under the key when this marker replaced it: a {@link Holder}, a bare
   * value, another marker, or {@code null}.
   */
  final Object replaced;

  Pending(Object replaced, Holder<V> visible) {
    super(visible == null ? null : visible.value(), visible == null ? ABSENT : visible.deadline());
    this.replaced = replaced;
  }

  @Override
  public final boolean isPending() {
    return true;
  }

  /**
   * Tells whether this marker stands for no entry (readers see the key as absent).
   *
   * @return {@code true} if the value is {@code null}
   */
  public final boolean isEmpty() {
    return value() == null;
  }
}
