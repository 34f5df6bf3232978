package dev.larder.engine;

/**
 * One atomic step on one key: the unit every write of every store is made of.
 *
 * <p>A store runs a step exactly once per call, with the key held exclusively: {@link #decide}
 * sees the key's current entry and records one change ({@link #keep}, {@link #set}, {@link
 * #remove}, {@link #startFlight} or {@link #abandon}); the store then commits that change to its
 * authority (nothing, for memory; the file, for a persistent store), makes it visible in memory,
 * and only then calls {@link #committed} — still holding the key, so what {@code committed} does
 * (queueing events) happens in the key's order. If {@code decide} throws, or the commit fails,
 * nothing changes and {@code committed} is not called.
 *
 * <p>Whether the key is held by a lock shared with other keys (a hash bin, for steps that cannot
 * block) or by a {@link KeyLock} of its own (for steps that may block) is the store's choice,
 * guided by the {@code mayBlock} argument of its {@code apply} method.
 *
 * <p>Not thread-safe: one instance per call.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public abstract class Step<K, V> {

  /** The kinds of change a step decides on. */
  public enum Change {
    /** Leave the key as it is (a marker stays in place). */
    KEEP,
    /** Store {@link #value()} with {@link #deadline()}. */
    SET,
    /** Remove whatever is stored, marker included. */
    REMOVE,
    /** Put {@link #flight()} in place of the current entry. */
    FLIGHT,
    /** Replace the flight that {@link #decide} saw with the entry it stood in for (memory only). */
    ABANDON
  }

  private Change change = Change.KEEP;
  private V value;
  private long deadline;
  private boolean inPlace;
  private boolean deadlineOnly;
  private Flight<V> flight;
  /** Set by the table when the key was held by another thread's exclusive step. */
  KeyLock<?> blockedBy;

  /**
   * Decides what happens to the key. Runs once, with the key held; must not use the same store.
   *
   * @param key the key as stored
   * @param current the stored entry, live or expired; a {@link Pending} marker if one is in place;
   *     {@code null} if nothing is stored
   */
  protected abstract void decide(K key, Holder<V> current);

  /**
   * Called once the change is committed and visible, while the key is still held.
   *
   * @param key the key
   */
  protected void committed(K key) {}

  /** Records that nothing changes (the default). */
  protected final void keep() {
    change = Change.KEEP;
  }

  /**
   * Records that the key gets a new value.
   *
   * @param value the stored form of the value, never {@code null}
   * @param deadline when it expires, in milliseconds since the epoch, or {@link Deadlines#NEVER}
   * @param overLiveEntry whether the current entry is live: memory may then update it in place
   *     (lock-free readers see either the old or the new pair, both live)
   */
  protected final void set(V value, long deadline, boolean overLiveEntry) {
    this.change = Change.SET;
    this.value = value;
    this.deadline = deadline;
    this.inPlace = overLiveEntry;
    this.deadlineOnly = false;
  }

  /**
   * Records that the key's live entry keeps its value and gets a new deadline (a read that renews
   * its time to live, {@code extend}): a {@link Change#SET} of the same value, which a store that
   * tells other instances of changes does not report as an update.
   *
   * @param value the live entry's value, as {@code decide} saw it
   * @param deadline the new deadline, in milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  protected final void moveDeadline(V value, long deadline) {
    set(value, deadline, true);
    this.deadlineOnly = true;
  }

  /** Records that the key's entry (or marker) is removed. */
  protected final void remove() {
    change = Change.REMOVE;
  }

  /**
   * Records that a computation starts: the flight takes the key's place.
   *
   * @param flight the flight, created over the current live entry or over nothing
   */
  protected final void startFlight(Flight<V> flight) {
    this.change = Change.FLIGHT;
    this.flight = flight;
  }

  /**
   * Records that the flight {@link #decide} saw is given up: it is replaced by the entry it stood
   * in for, or removed if it stood for nothing.
   *
   * @param abandoned the flight seen as the current entry
   */
  protected final void abandon(Flight<V> abandoned) {
    this.change = Change.ABANDON;
    this.flight = abandoned;
  }

  /**
   * Returns the change decided.
   *
   * @return the kind of change
   */
  public final Change change() {
    return change;
  }

  /**
   * Returns the value of a {@link Change#SET}.
   *
   * @return the stored form of the value
   */
  public final V value() {
    return value;
  }

  /**
   * Returns the deadline of a {@link Change#SET}.
   *
   * @return milliseconds since the epoch, or {@link Deadlines#NEVER}
   */
  public final long deadline() {
    return deadline;
  }

  /**
   * Tells whether a {@link Change#SET} replaces a live entry (which memory may update in place).
   *
   * @return {@code true} if the entry replaced was live
   */
  public final boolean inPlace() {
    return inPlace;
  }

  /**
   * Tells whether a {@link Change#SET} only moves the live entry's deadline ({@link #moveDeadline}).
   *
   * @return {@code true} if the value stays as it was
   */
  public final boolean deadlineOnly() {
    return deadlineOnly;
  }

  /**
   * Returns the flight of a {@link Change#FLIGHT} or {@link Change#ABANDON}.
   *
   * @return the flight
   */
  public final Flight<V> flight() {
    return flight;
  }

  /**
   * Runs {@link #decide} (for stores).
   *
   * @param key the key
   * @param current the current entry or marker, or {@code null}
   */
  public final void runDecide(K key, Holder<V> current) {
    change = Change.KEEP;
    deadlineOnly = false;
    decide(key, current);
  }

  /**
   * Runs {@link #committed} (for stores).
   *
   * @param key the key
   */
  public final void runCommitted(K key) {
    committed(key);
  }
}
