package dev.larder.integration;

import java.util.Collection;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a cache's {@link CacheWriter}, turning every failure into a {@link CacheWriterException}
 * that names the cache.
 *
 * <p>Batch calls keep the writer's contract on partial failure: when {@code writeAll} or
 * {@code deleteAll} throws, the entries or keys still in the collection are those not written,
 * and the caller must leave them out of the cache.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WriteThrough<K, V> {

  private final String cacheName;
  private final CacheWriter<K, V> writer;

  /**
   * Wraps a writer.
   *
   * @param cacheName the cache, for error messages
   * @param writer the configured writer
   */
  public WriteThrough(String cacheName, CacheWriter<? super K, ? super V> writer) {
    this.cacheName = cacheName;
    @SuppressWarnings("unchecked") // a writer of supertypes accepts our entries; the batch API's wildcards cannot say so
    CacheWriter<K, V> narrowed = (CacheWriter<K, V>) Objects.requireNonNull(writer, "writer");
    this.writer = narrowed;
  }

  /**
   * Returns the wrapped writer.
   *
   * @return the writer
   */
  public CacheWriter<? super K, ? super V> writer() {
    return writer;
  }

  /**
   * Writes one entry.
   *
   * @param entry the entry
   * @throws CacheWriterException if the writer throws
   */
  public void write(Cache.Entry<? extends K, ? extends V> entry) {
    try {
      writer.write(entry);
    } catch (RuntimeException e) {
      throw wrap("write of key " + entry.getKey(), e);
    }
  }

  /**
   * Writes entries; on failure those still in {@code entries} were not written.
   *
   * @param entries the entries, a mutable collection
   * @return {@code null} on success, else the exception to throw once the written ones are stored
   */
  public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (entries.isEmpty()) {
      return null;
    }
    try {
      writer.writeAll(entries);
      return null;
    } catch (RuntimeException e) {
      return wrap("writeAll", e);
    }
  }

  /**
   * Deletes one key.
   *
   * @param key the key
   * @throws CacheWriterException if the writer throws
   */
  public void delete(Object key) {
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw wrap("delete of key " + key, e);
    }
  }

  /**
   * Deletes keys; on failure those still in {@code keys} were not deleted.
   *
   * @param keys the keys, a mutable collection
   * @return {@code null} on success, else the exception to throw once the deleted ones are removed
   */
  public CacheWriterException deleteAll(Collection<?> keys) {
    if (keys.isEmpty()) {
      return null;
    }
    try {
      writer.deleteAll(keys);
      return null;
    } catch (RuntimeException e) {
      return wrap("deleteAll", e);
    }
  }

  private CacheWriterException wrap(String what, RuntimeException e) {
    if (e instanceof CacheWriterException cwe) {
      return cwe;
    }
    return new CacheWriterException("Cache '" + cacheName + "': the writer failed in " + what + ": " + e, e);
  }
}
