package dev.larder.redis.testing;

import java.util.Set;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * An expiry policy of the application's own (not one of JSR-107's built-in ones): eternal entries,
 * and it notes which of its questions were asked. The cache cannot compute its answers in advance,
 * so writes under it are steps, never direct writes.
 */
public final class OwnPolicy implements ExpiryPolicy {

  private final Set<String> asked;

  /**
   * A policy that records into a set.
   *
   * @param asked receives {@code "creation"} and {@code "update"} when those are asked
   */
  public OwnPolicy(Set<String> asked) {
    this.asked = asked;
  }

  @Override
  public Duration getExpiryForCreation() {
    asked.add("creation");
    return Duration.ETERNAL;
  }

  @Override
  public Duration getExpiryForAccess() {
    return null;
  }

  @Override
  public Duration getExpiryForUpdate() {
    asked.add("update");
    return null;
  }
}
