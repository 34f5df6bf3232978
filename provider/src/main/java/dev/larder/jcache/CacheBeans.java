package dev.larder.jcache;

import dev.larder.management.ConfigurationBean;
import dev.larder.management.MBeans;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * One cache's two MXBeans, {@code CacheConfiguration} and {@code CacheStatistics}, registered in the
 * platform MBeanServer under the object names JSR-107 prescribes while management or statistics are
 * enabled.
 */
final class CacheBeans {

  private final String managerUri;
  private final String cacheName;
  private final CacheStatisticsMXBean statistics;
  private final CompleteConfiguration<?, ?> configuration;

  CacheBeans(String managerUri, String cacheName, CacheStatisticsMXBean statistics,
      CompleteConfiguration<?, ?> configuration) {
    this.managerUri = managerUri;
    this.cacheName = cacheName;
    this.statistics = statistics;
    this.configuration = configuration;
  }

  /** Registers ({@code true}) or unregisters the statistics MXBean; either is idempotent. */
  void statistics(boolean registered) {
    if (registered) {
      MBeans.register(managerUri, cacheName, MBeans.Kind.CacheStatistics, statistics);
    } else {
      MBeans.unregister(managerUri, cacheName, MBeans.Kind.CacheStatistics);
    }
  }

  /** Registers ({@code true}) or unregisters the configuration MXBean; either is idempotent. */
  void configuration(boolean registered) {
    if (registered) {
      MBeans.register(managerUri, cacheName, MBeans.Kind.CacheConfiguration, new ConfigurationBean(configuration));
    } else {
      MBeans.unregister(managerUri, cacheName, MBeans.Kind.CacheConfiguration);
    }
  }
}
