package dev.larder;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JSR-107 {@link MutableConfiguration} that also carries Larder's own settings.
 *
 * <p>Pass it to {@link javax.cache.CacheManager#createCache} like any configuration; the cache keeps
 * a copy, and {@code cache.getConfiguration(LarderConfiguration.class)} returns it. A plain
 * {@code MutableConfiguration} (what frameworks pass) is accepted as well and gets Larder's
 * defaults.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class LarderConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  /** Creates a configuration with the JSR-107 defaults and Larder's defaults. */
  public LarderConfiguration() {
    super();
  }

  /**
   * Copies a configuration: its JSR-107 settings and, if it is a {@code LarderConfiguration}, Larder's.
   *
   * @param configuration the configuration to copy
   */
  public LarderConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof LarderConfiguration<K, V> larder) {
      copyLarderSettings(larder);
    }
  }

  /** Copies the Larder-specific settings of another configuration into this one. */
  private void copyLarderSettings(LarderConfiguration<K, V> other) {
    // Larder-specific settings are copied here as they are added.
  }
}
