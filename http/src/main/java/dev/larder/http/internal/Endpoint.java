package dev.larder.http.internal;

import dev.larder.http.EndpointConfig;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint at run time: its configuration, its counters, its key prefix and its clear epoch (a
 * number that each clear advances, so a response computed before a clear is not kept after it).
 *
 * <p>Internal to {@code larder-http}.
 */
public final class Endpoint {

  /** The first part of every key this library writes: a format version, so later formats never mix with it. */
  public static final String KEY_PREFIX = "lh1|";

  private final EndpointConfig config;
  private final EndpointCounters counters;
  private final String keyPrefix;
  private final long ttlMillis;
  private final AtomicLong clearEpoch = new AtomicLong();

  /**
   * Creates the run-time endpoint.
   *
   * @param config its configuration
   */
  public Endpoint(EndpointConfig config) {
    this.config = config;
    this.counters = new EndpointCounters(config.id());
    this.keyPrefix = KEY_PREFIX + config.id() + "|";
    this.ttlMillis = config.ttl().toMillis();
  }

  /** @return the configuration */
  public EndpointConfig config() {
    return config;
  }

  /** @return the counters */
  public EndpointCounters counters() {
    return counters;
  }

  /** @return the prefix of every key of this endpoint */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** @return the time to live in milliseconds */
  public long ttlMillis() {
    return ttlMillis;
  }

  /** @return the current clear epoch */
  public long clearEpoch() {
    return clearEpoch.get();
  }

  /** Advances the clear epoch (before the entries are removed). */
  public void advanceClearEpoch() {
    clearEpoch.incrementAndGet();
  }
}
