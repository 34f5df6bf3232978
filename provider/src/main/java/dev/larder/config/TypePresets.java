package dev.larder.config;

import java.util.List;
import java.util.Map;

/**
 * Named sets of types a persistent cache may be allowed to decode ({@code allow-types}), for
 * frameworks whose cached entries are made of their own classes.
 *
 * <p>{@value #HIBERNATE}: exactly the classes Hibernate ORM 6/7 stores in its second-level cache
 * regions through {@code hibernate-jcache}: entity and collection keys ({@code
 * BasicCacheKeyImplementation}, {@code CacheKeyImplementation}, {@code NaturalIdCacheKey}),
 * entries ({@code StandardCacheEntryImpl}, {@code CollectionCacheEntry}), the wrappers of the
 * read-write strategy ({@code AbstractReadWriteAccess$Item}, {@code $SoftLockImpl}), query-cache
 * keys and results ({@code QueryKey}, its parameter memento, {@code QueryResultsCacheImpl$CacheItem}),
 * plus the types those hold that are not on the JDK list already: {@code java.io.Serializable} (the
 * element type of an entity's disassembled state, an array) and the {@code java.sql} date and time
 * types. Nothing else of Hibernate, and none of the application's classes: an entity's
 * embedded id class, or a custom attribute type, must still be allowed by name. These types need
 * {@code encoding = java-serialization}: they have no JSON form (no default constructors, and
 * values typed {@code Serializable[]}).
 */
public final class TypePresets {

  /** The preset of Hibernate's second-level cache entry types. */
  public static final String HIBERNATE = "@hibernate";

  private static final Map<String, List<String>> PRESETS = Map.of(HIBERNATE, List.of(
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      "java.io.Serializable",
      "java.sql.Timestamp", "java.sql.Date", "java.sql.Time"));

  private TypePresets() {}

  /**
   * Expands a preset name into its types; any other name stands for itself.
   *
   * @param nameOrPreset a class name, a package prefix ending in {@code .}, or a preset such as {@value #HIBERNATE}
   * @return the names it stands for
   * @throws IllegalArgumentException if it starts with {@code @} but names no preset
   */
  public static List<String> expand(String nameOrPreset) {
    if (!nameOrPreset.startsWith("@")) {
      return List.of(nameOrPreset);
    }
    List<String> types = PRESETS.get(nameOrPreset);
    if (types == null) {
      throw new IllegalArgumentException("\"" + nameOrPreset + "\" is not a preset of allowed types; presets: "
          + String.join(", ", PRESETS.keySet()));
    }
    return types;
  }
}
