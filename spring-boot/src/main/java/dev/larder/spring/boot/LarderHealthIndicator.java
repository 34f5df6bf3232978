package dev.larder.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot 4's health indicator for Larder ({@code /actuator/health/larder}): UP while every cache
 * can work, DOWN with the reason per cache otherwise (see {@link LarderHealth}).
 */
public final class LarderHealthIndicator implements HealthIndicator {

  private final LarderHealth health;

  /**
   * Creates the indicator.
   *
   * @param health the check it reports
   */
  public LarderHealthIndicator(LarderHealth health) {
    this.health = health;
  }

  @Override
  public Health health() {
    LarderHealth.Report report = health.check();
    return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
  }
}
