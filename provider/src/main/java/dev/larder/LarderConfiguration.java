package dev.larder;

import java.time.Duration;
import java.util.Objects;
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

  /** {@link #getMaxKeyBytes()} and {@link #getMaxValueBytes()} value meaning "no limit". */
  public static final int UNLIMITED = 0;

  private Duration defaultTtl;
  private int maxKeyBytes = UNLIMITED;
  private int maxValueBytes = UNLIMITED;

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
    this.defaultTtl = other.defaultTtl;
    this.maxKeyBytes = other.maxKeyBytes;
    this.maxValueBytes = other.maxValueBytes;
  }

  /**
   * Returns the time to live of entries when neither the call nor the expiry policy sets one.
   *
   * @return the default time to live, or {@code null} for none (entries are eternal)
   */
  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  /**
   * Sets the time to live of entries when neither the call (a {@code LarderCache} method with a
   * ttl) nor the expiry policy sets one. It applies while the expiry policy is the default
   * (eternal) one; any other policy decides for itself.
   *
   * @param defaultTtl a positive duration, or {@code null} for none
   * @return this configuration
   * @throws IllegalArgumentException if {@code defaultTtl} is zero or negative
   */
  public LarderConfiguration<K, V> setDefaultTtl(Duration defaultTtl) {
    if (defaultTtl != null && (defaultTtl.isZero() || defaultTtl.isNegative())) {
      throw new IllegalArgumentException("defaultTtl must be positive, was " + defaultTtl);
    }
    this.defaultTtl = defaultTtl;
    return this;
  }

  /**
   * Returns the largest key the cache accepts, in bytes of its encoded form.
   *
   * @return the limit in bytes, or {@link #UNLIMITED}
   */
  public int getMaxKeyBytes() {
    return maxKeyBytes;
  }

  /**
   * Limits the size of keys, measured on their encoded form (UTF-8 for strings, the bytes of a
   * {@code byte[]}, Java serialization otherwise). A write with a larger key fails with a
   * {@link SizeLimitExceededException} and stores nothing.
   *
   * @param maxKeyBytes the limit in bytes; {@link #UNLIMITED} (0) for none
   * @return this configuration
   * @throws IllegalArgumentException if negative
   */
  public LarderConfiguration<K, V> setMaxKeyBytes(int maxKeyBytes) {
    this.maxKeyBytes = checkLimit(maxKeyBytes, "maxKeyBytes");
    return this;
  }

  /**
   * Returns the largest value the cache accepts, in bytes of its encoded form.
   *
   * @return the limit in bytes, or {@link #UNLIMITED}
   */
  public int getMaxValueBytes() {
    return maxValueBytes;
  }

  /**
   * Limits the size of values, measured like {@link #setMaxKeyBytes(int)}. A write with a larger
   * value fails with a {@link SizeLimitExceededException} and stores nothing.
   *
   * @param maxValueBytes the limit in bytes; {@link #UNLIMITED} (0) for none
   * @return this configuration
   * @throws IllegalArgumentException if negative
   */
  public LarderConfiguration<K, V> setMaxValueBytes(int maxValueBytes) {
    this.maxValueBytes = checkLimit(maxValueBytes, "maxValueBytes");
    return this;
  }

  private static int checkLimit(int limit, String name) {
    if (limit < 0) {
      throw new IllegalArgumentException(name + " must be 0 (unlimited) or positive, was " + limit);
    }
    return limit;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LarderConfiguration<?, ?> other) || !super.equals(o)) {
      return false;
    }
    return Objects.equals(defaultTtl, other.defaultTtl) && maxKeyBytes == other.maxKeyBytes
        && maxValueBytes == other.maxValueBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), defaultTtl, maxKeyBytes, maxValueBytes);
  }
}
