package dev.larder.http.internal;

import dev.larder.http.CachedResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One endpoint run per key at a time, in this JVM. The first request that needs a key's response
 * (a miss or a client refresh) registers a {@link Flight} and runs the endpoint; requests for the
 * same key that arrive meanwhile wait on the flight's future (woken when it completes, not by
 * polling) and are served its response. If the response cannot be stored, or a waiter has waited
 * longer than the lock timeout, the waiter runs the endpoint itself. A flight older than the
 * timeout no longer holds newcomers back: the next one takes over as leader, so a hung endpoint
 * cannot block a key for longer than the timeout.
 *
 * <p>Internal to {@code larder-http}.
 */
public final class SingleFlight {

  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final long timeoutNanos;

  /**
   * Creates the registry.
   *
   * @param timeoutNanos how long a waiter waits, and how long a flight holds newcomers back
   */
  public SingleFlight(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Joins the flight of a key, or starts one.
   *
   * @param key the cache key
   * @return the flight; {@link Flight#leader()} tells whether the caller must run the endpoint
   *     and then call {@link Flight#finish}
   */
  public Flight claim(String key) {
    while (true) {
      Flight current = flights.get(key);
      long now = System.nanoTime();
      if (current == null) {
        Flight mine = new Flight(key, now, true);
        current = flights.putIfAbsent(key, mine);
        if (current == null) {
          return mine;
        }
      }
      if (now - current.started < timeoutNanos) {
        return current.asFollower();
      }
      Flight mine = new Flight(key, now, true);
      if (flights.replace(key, current, mine)) {
        return mine;
      }
    }
  }

  /** @return the number of keys being computed right now */
  public int inFlight() {
    return flights.size();
  }

  /** One key's computation, seen as its leader or as one of its followers. */
  public final class Flight {
    private final String key;
    private final long started;
    private final boolean leader;
    private final CompletableFuture<CachedResponse> result;

    private Flight(String key, long started, boolean leader) {
      this(key, started, leader, new CompletableFuture<>());
    }

    private Flight(String key, long started, boolean leader, CompletableFuture<CachedResponse> result) {
      this.key = key;
      this.started = started;
      this.leader = leader;
      this.result = result;
    }

    private Flight asFollower() {
      return new Flight(key, started, false, result);
    }

    /** @return {@code true} if the caller runs the endpoint */
    public boolean leader() {
      return leader;
    }

    /**
     * Ends the flight (leader only): forgets it, so later requests look in the cache, then wakes
     * the followers. Store the entry first, so nobody arriving afterwards misses.
     *
     * @param stored the stored response, or {@code null} if nothing was stored
     */
    public void finish(CachedResponse stored) {
      flights.remove(key, this);
      result.complete(stored);
    }

    /**
     * Waits for the leader (followers only).
     *
     * @return the leader's stored response, or {@code null} if it stored nothing, or the wait
     *     exceeded the lock timeout, or the thread was interrupted (its flag is set again)
     */
    public CachedResponse await() {
      try {
        return result.get(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    /** @return {@code true} if the leader has finished */
    public boolean done() {
      return result.isDone();
    }
  }
}
