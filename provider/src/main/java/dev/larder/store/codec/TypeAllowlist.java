package dev.larder.store.codec;

import java.util.List;
import java.util.Set;

/**
 * The types a persistent cache may instantiate when it decodes: its configured key and value types
 * and their subtypes, the JDK's value types, and the names or package prefixes the user allowed.
 * Checked before a class is even loaded by name, so a tampered store file cannot reach arbitrary
 * classes.
 */
public final class TypeAllowlist {

  private static final Set<String> JDK_VALUE_TYPES = Set.of(
      "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
      "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Character",
      "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID", "java.util.Date",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.Locale", "java.net.URI", "[B", "[I", "[J", "[Ljava.lang.String;",
      // the collection interfaces JsonCodec records for the JDK's non-public collections, and Optional
      "java.util.List", "java.util.Set", "java.util.Map", "java.util.Optional");

  private final Class<?> keyType;
  private final Class<?> valueType;
  private final List<String> allowed;
  private final ClassLoader loader;

  /**
   * Creates an allowlist.
   *
   * @param keyType the configured key type ({@code Object} allows no subtypes by itself)
   * @param valueType the configured value type
   * @param allowed further class names, or package prefixes ending in {@code .}
   * @param loader the class loader to load allowed classes with
   */
  public TypeAllowlist(Class<?> keyType, Class<?> valueType, List<String> allowed, ClassLoader loader) {
    this.keyType = keyType;
    this.valueType = valueType;
    this.allowed = List.copyOf(allowed);
    this.loader = loader;
  }

  /**
   * Loads a class named in a store file if it is allowed.
   *
   * @param name the binary class name
   * @return the class
   * @throws CodecException if the type is not allowed or cannot be loaded
   */
  public Class<?> load(String name) {
    if (!allowedByName(name)) {
      // subtypes of the configured types are allowed: loading without initialising runs no code
      Class<?> c = forName(name);
      if (!isSubtype(c, keyType) && !isSubtype(c, valueType)) {
        throw notAllowed(name);
      }
      return c;
    }
    return forName(name);
  }

  /**
   * Tells whether a class is one of the JDK's own collection or value classes that serialized
   * forms are made of (the classes behind {@code List.of}, {@code Collections.unmodifiableList},
   * {@code Arrays.asList}, their serial proxies, and the {@code java.time} types).
   *
   * @param name a binary class name
   * @return {@code true} for those JDK internals
   */
  public static boolean isJdkInternal(String name) {
    return name.startsWith("java.util.ImmutableCollections$") || name.equals("java.util.CollSer")
        || name.startsWith("java.util.Collections$") || name.equals("java.util.Arrays$ArrayList")
        || name.startsWith("java.time.");
  }

  private boolean allowedByName(String name) {
    if (JDK_VALUE_TYPES.contains(name) || name.startsWith("java.time.")
        || name.equals(keyType.getName()) || name.equals(valueType.getName())) {
      return true;
    }
    for (String a : allowed) {
      if (a.endsWith(".") ? name.startsWith(a) : name.equals(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSubtype(Class<?> c, Class<?> configured) {
    return configured != Object.class && configured.isAssignableFrom(c);
  }

  private Class<?> forName(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw notAllowed(name);
    }
  }

  private CodecException notAllowed(String name) {
    return new CodecException("the store names type " + name + ", which this cache may not decode: it is"
        + " not the cache's key or value type, a subtype of them, a JDK value type, or an allowed type."
        + " If the type is yours, allow it with LarderConfiguration.allowTypes(\"" + name + "\") or the"
        + " allow-types setting; if not, the store file may have been tampered with", null);
  }
}
