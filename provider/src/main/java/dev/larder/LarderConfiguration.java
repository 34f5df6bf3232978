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

  /** "No size bound": the default of {@link #getMaximumSize()}. */
  public static final long UNBOUNDED = 0;

  private long maximumSize = UNBOUNDED;

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

  /**
   * Bounds the number of entries. When a write makes the cache hold more, the cache evicts entries
   * it judges least likely to be used again (see {@code dev.larder.engine.Eviction}); each eviction
   * counts in the {@code CacheEvictions} statistic and sends no event (JSR-107 has no eviction
   * event). Under concurrent writers the bound may be exceeded briefly by at most the number of
   * writing threads.
   *
   * @param maximumSize the largest number of entries, or {@link #UNBOUNDED} (0) for no bound
   * @return this configuration
   * @throws IllegalArgumentException if {@code maximumSize} is negative
   */
  public LarderConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must be 0 (unbounded) or positive, not " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * Returns the bound on the number of entries.
   *
   * @return the largest number of entries, or {@link #UNBOUNDED} (0)
   */
  public long getMaximumSize() {
    return maximumSize;
  }

  /** Copies the Larder-specific settings of another configuration into this one. */
  private void copyLarderSettings(LarderConfiguration<K, V> other) {
    this.maximumSize = other.maximumSize;
  }
}
