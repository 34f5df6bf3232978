package dev.larder;

import javax.cache.CacheException;

/**
 * Thrown when a key or value is larger than its cache allows
 * ({@link LarderConfiguration#setMaxKeyBytes(int)}, {@link LarderConfiguration#setMaxValueBytes(int)}).
 * Nothing was stored and nothing was written through.
 */
public class SizeLimitExceededException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final String cacheName;
  private final long size;
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param cacheName the cache that refused the write
   * @param what "key" or "value"
   * @param key the key, abbreviated in the message
   * @param size the encoded size in bytes
   * @param limit the limit in bytes
   */
  public SizeLimitExceededException(String cacheName, String what, Object key, long size, long limit) {
    super("Cache '" + cacheName + "': the " + what + " for key " + abbreviate(key) + " is " + size
        + " bytes encoded, over the limit of " + limit + " bytes (max" + capitalize(what) + "Bytes); "
        + "store a smaller " + what + " or raise the limit");
    this.cacheName = cacheName;
    this.size = size;
    this.limit = limit;
  }

  /**
   * Returns the name of the cache that refused the write.
   *
   * @return the cache name
   */
  public String getCacheName() {
    return cacheName;
  }

  /**
   * Returns the encoded size that was refused.
   *
   * @return bytes
   */
  public long getSize() {
    return size;
  }

  /**
   * Returns the limit that was exceeded.
   *
   * @return bytes
   */
  public long getLimit() {
    return limit;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String abbreviate(Object key) {
    String s = String.valueOf(key);
    return "'" + (s.length() <= 60 ? s : s.substring(0, 57) + "...") + "'";
  }
}
