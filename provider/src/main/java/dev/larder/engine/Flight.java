package dev.larder.engine;

import java.util.concurrent.CompletableFuture;

/**
 * An in-flight computation of a key's value, held in the table while it runs (single flight).
 *
 * <p>A caller that misses a key puts a flight in its place, computes outside any lock, and then
 * stores the result only if the flight is still there. Any write, removal, clear or eviction
 * that lands meanwhile replaces or drops the flight, so a computation never overwrites a newer
 * change: its result then goes to its callers but is not stored. Callers that miss the same key
 * while the flight is in the table share its {@link #future()}.
 *
 * <p>A flight may stand in for a live entry (a refresh): readers keep seeing that entry until the
 * fresh value is stored. A flight over nothing reads as absent.
 *
 * @param <V> the stored value type
 */
public final class Flight<V> extends Pending<V> {

  private final CompletableFuture<V> future = new CompletableFuture<>();
  private final Thread owner;

  /**
   * Creates a flight started by the calling thread.
   *
   * @param over the live entry readers keep seeing while the flight runs (a refresh), restored if
   *     the computation is abandoned; {@code null} for a flight over nothing
   */
  public Flight(Holder<V> over) {
    super(over, over);
    this.owner = Thread.currentThread();
  }

  /**
   * Returns the future that the computation completes, with the stored form of its value.
   *
   * @return the future, shared by every caller of this flight
   */
  public CompletableFuture<V> future() {
    return future;
  }

  /**
   * Returns the thread that started the computation (for detecting a recursive one).
   *
   * @return the starting thread
   */
  public Thread owner() {
    return owner;
  }

  /**
   * Returns the entry this flight stands in for: restored if the computation is abandoned.
   *
   * @return a holder, or {@code null}
   */
  Object over() {
    return replaced;
  }

  @Override
  public String toString() {
    return "Flight[" + (isEmpty() ? "absent" : "over a live entry") + "]";
  }
}
