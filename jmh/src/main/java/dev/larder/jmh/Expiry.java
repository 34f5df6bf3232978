package dev.larder.jmh;

import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/** The expiry policies the benchmarks configure: eternal, or one of JCache's built-ins of one hour. */
public enum Expiry {

  /** No expiry ({@link EternalExpiryPolicy}). */
  ETERNAL,
  /** One hour after creation ({@link CreatedExpiryPolicy}). */
  CREATED,
  /** One hour after creation or the last access ({@link AccessedExpiryPolicy}). */
  ACCESSED,
  /** One hour after creation, the last access or the last update ({@link TouchedExpiryPolicy}). */
  TOUCHED;

  /** The time to live of every finite policy. */
  static final Duration ONE_HOUR = new Duration(TimeUnit.HOURS, 1);

  /**
   * Returns the JCache factory of this policy.
   *
   * @return a factory of the built-in policy
   */
  public Factory<ExpiryPolicy> factory() {
    switch (this) {
      case CREATED:
        return CreatedExpiryPolicy.factoryOf(ONE_HOUR);
      case ACCESSED:
        return AccessedExpiryPolicy.factoryOf(ONE_HOUR);
      case TOUCHED:
        return TouchedExpiryPolicy.factoryOf(ONE_HOUR);
      default:
        return EternalExpiryPolicy.factoryOf();
    }
  }
}
