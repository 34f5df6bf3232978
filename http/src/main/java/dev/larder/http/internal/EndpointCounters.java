package dev.larder.http.internal;

import dev.larder.http.EndpointStats;
import dev.larder.http.Reason;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one endpoint (striped adders: counting costs no contention).
 *
 * <p>Internal to {@code larder-http}.
 */
public final class EndpointCounters {

  private final String endpoint;
  private final LongAdder hits = new LongAdder();
  private final LongAdder collapsed = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder storedBytes = new LongAdder();
  private final LongAdder[] reasons = new LongAdder[Reason.values().length];
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * Creates zeroed counters.
   *
   * @param endpoint the endpoint's name
   */
  public EndpointCounters(String endpoint) {
    this.endpoint = endpoint;
    for (int i = 0; i < reasons.length; i++) {
      reasons[i] = new LongAdder();
    }
  }

  /** Counts a hit. */
  public void hit() {
    hits.increment();
  }

  /** Counts a request served by another request's response. */
  public void collapsed() {
    collapsed.increment();
  }

  /** Counts a miss. */
  public void miss() {
    misses.increment();
  }

  /** Counts a client refresh. */
  public void refresh() {
    refreshes.increment();
  }

  /**
   * Counts a stored response.
   *
   * @param size its size in bytes
   */
  public void stored(int size) {
    stores.increment();
    storedBytes.add(size);
  }

  /**
   * Counts a bypass or a response not stored.
   *
   * @param reason why
   */
  public void count(Reason reason) {
    reasons[reason.ordinal()].increment();
  }

  /** @return the gauge of requests waiting for another request */
  public AtomicInteger waiting() {
    return waiting;
  }

  /**
   * Returns one live count, for meters that read it on each scrape.
   *
   * @param what {@code hits}, {@code collapsed}, {@code misses}, {@code refreshes}, {@code stores} or {@code stored-bytes}
   * @return the count
   */
  public long get(String what) {
    return switch (what) {
      case "hits" -> hits.sum();
      case "collapsed" -> collapsed.sum();
      case "misses" -> misses.sum();
      case "refreshes" -> refreshes.sum();
      case "stores" -> stores.sum();
      case "stored-bytes" -> storedBytes.sum();
      default -> throw new IllegalArgumentException("no counter " + what);
    };
  }

  /**
   * Returns one reason's live count.
   *
   * @param reason the reason
   * @return its count
   */
  public long get(Reason reason) {
    return reasons[reason.ordinal()].sum();
  }

  /** @return a snapshot */
  public EndpointStats snapshot() {
    Map<String, Long> bypasses = new HashMap<>();
    Map<String, Long> notStored = new HashMap<>();
    for (Reason r : Reason.values()) {
      long n = reasons[r.ordinal()].sum();
      if (n > 0) {
        (r.isBypass() ? bypasses : notStored).put(r.tag(), n);
      }
    }
    return new EndpointStats(endpoint, hits.sum(), collapsed.sum(), misses.sum(), refreshes.sum(), bypasses,
        stores.sum(), storedBytes.sum(), notStored, waiting.get());
  }
}
