package dev.larder.management;

import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * A cache's {@code CacheConfiguration} MXBean: a live, read-only view of its configuration.
 */
public final class ConfigurationBean implements CacheMXBean {

  private final CompleteConfiguration<?, ?> configuration;

  /**
   * Creates the view.
   *
   * @param configuration the cache's own (live) configuration
   */
  public ConfigurationBean(CompleteConfiguration<?, ?> configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  @Override
  public String getKeyType() {
    return configuration.getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration.getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration.isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration.isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration.isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration.isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration.isManagementEnabled();
  }
}
