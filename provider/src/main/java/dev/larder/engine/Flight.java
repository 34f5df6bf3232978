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
    this(over, Thread.currentThread());
  }

  private Flight(Holder<V> over, Thread owner) {
    super(over, over);
    this.owner = owner;
  }

  /**
   * Creates the stand-in of a computation that another instance of a shared cache runs: no thread
   * of this JVM owns it, and the store completes its future when the computation's result is
   * stored there — or fails it with {@link Lost} if the computation ended without one (it failed,
   * was replaced, or its instance died), so that callers start over.
   *
   * @param over the live entry readers keep seeing meanwhile, or {@code null}
   * @param <V> the stored value type
   * @return the flight
   */
  public static <V> Flight<V> elsewhere(Holder<V> over) {
    return new Flight<>(over, null);
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
   * @return the starting thread, or {@code null} for a computation {@linkplain #elsewhere elsewhere}
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

  /**
   * The failure of a flight {@linkplain #elsewhere elsewhere} that ended without storing a value:
   * a caller that waited for it computes again (and may start a flight of its own).
   */
  public static final class Lost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message why the flight ended without a value
     */
    public Lost(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public String toString() {
    return "Flight[" + (isEmpty() ? "absent" : "over a live entry") + "]";
  }
}
