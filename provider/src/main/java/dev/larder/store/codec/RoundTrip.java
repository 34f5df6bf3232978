package dev.larder.store.codec;

import java.util.Objects;
import java.util.Set;

/**
 * Checks, before a value is written, that the codec reads it back equal: a store must refuse at
 * {@code put} what it could not give back after a restart, instead of accepting it and failing (or
 * answering with something else) later.
 */
public final class RoundTrip {

  /** Types that always read back equal from both codecs: not decoded again on every write. */
  private static final Set<Class<?>> EXACT = Set.of(String.class, Integer.class, Long.class, Short.class,
      Byte.class, Double.class, Float.class, Boolean.class, Character.class, java.math.BigInteger.class,
      java.util.UUID.class, byte[].class);

  private RoundTrip() {}

  /**
   * Encodes a value and checks that decoding gives it back equal ({@link Objects#deepEquals}).
   *
   * @param codec the store's codec
   * @param value the key or value
   * @return the encoded bytes
   * @throws CodecException if it cannot be encoded, or would read back different; the message
   *     says what came back and what to do
   */
  public static byte[] encodeChecked(Codec codec, Object value) {
    byte[] bytes = codec.encode(value);
    if (EXACT.contains(value.getClass()) || value instanceof Enum<?>) {
      return bytes;
    }
    Object back;
    try {
      back = codec.decode(bytes);
    } catch (CodecException e) {
      throw new CodecException("a " + value.getClass().getName() + " cannot be read back: " + e.getMessage(), e);
    }
    if (!readsBackEqual(codec, value, bytes, back)) {
      throw new CodecException("a " + value.getClass().getName() + " would read back as "
          + (back == null ? "null" : "a " + back.getClass().getName() + " " + abbreviate(back))
          + ", which is not equal to it" + hint(value), null);
    }
    return bytes;
  }

  /**
   * Checks, before anything is written, that a cache's store can hold a key and a value: both
   * encode and read back equal ({@link #encodeChecked}).
   *
   * @param codec the store's codec
   * @param cacheName the cache, for the message
   * @param key the key
   * @param value the value
   * @throws IllegalArgumentException naming the cache, the key and the type that cannot be stored
   */
  public static void checkStorable(Codec codec, String cacheName, Object key, Object value) {
    try {
      encodeChecked(codec, key);
    } catch (CodecException e) {
      throw refused(cacheName, "key", key, key, e);
    }
    try {
      encodeChecked(codec, value);
    } catch (CodecException e) {
      throw refused(cacheName, "value", key, value, e);
    }
  }

  /**
   * Describes a key or value that a cache's store cannot hold.
   *
   * @param cacheName the cache
   * @param what {@code "key"} or {@code "value"}
   * @param key the key
   * @param refused the key or value refused
   * @param e why the codec refused it
   * @return the exception to throw
   */
  public static IllegalArgumentException refused(String cacheName, String what, Object key, Object refused,
      CodecException e) {
    return new IllegalArgumentException("Cache '" + cacheName + "' cannot store the " + what + " for key "
        + dev.larder.engine.Keys.abbreviate(key) + " (a " + refused.getClass().getName() + "): " + e.getMessage(), e);
  }

  /**
   * Whether what came back is the value: equal by the types' own {@code equals}, or — where that
   * cannot say, as for types that keep {@code Object}'s identity equality or records holding arrays
   * — the same classes with the same field values, compared field by field all the way down.
   */
  private static boolean readsBackEqual(Codec codec, Object value, byte[] bytes, Object back) {
    return Objects.deepEquals(value, back) || Structure.same(value, back, 0);
  }

  /** Field-by-field comparison of two object graphs (for the values whose equals cannot tell). */
  static final class Structure {
    private static final int MAX_DEPTH = 64;

    private Structure() {}

    static boolean same(Object a, Object b, int depth) {
      if (a == b) {
        return true;
      }
      if (a == null || b == null || a.getClass() != b.getClass() || depth > MAX_DEPTH) {
        return false;
      }
      Class<?> c = a.getClass();
      if (c.isArray()) {
        int n = java.lang.reflect.Array.getLength(a);
        if (n != java.lang.reflect.Array.getLength(b)) {
          return false;
        }
        for (int i = 0; i < n; i++) {
          if (!same(java.lang.reflect.Array.get(a, i), java.lang.reflect.Array.get(b, i), depth + 1)) {
            return false;
          }
        }
        return true;
      }
      if (a instanceof java.util.List<?> la) {
        java.util.List<?> lb = (java.util.List<?>) b;
        if (la.size() != lb.size()) {
          return false;
        }
        for (int i = 0; i < la.size(); i++) {
          if (!same(la.get(i), lb.get(i), depth + 1)) {
            return false;
          }
        }
        return true;
      }
      if (a instanceof java.util.Map<?, ?> ma) {
        java.util.Map<?, ?> mb = (java.util.Map<?, ?>) b;
        if (!ma.keySet().equals(mb.keySet())) {
          return false;
        }
        for (java.util.Map.Entry<?, ?> e : ma.entrySet()) {
          if (!same(e.getValue(), mb.get(e.getKey()), depth + 1)) {
            return false;
          }
        }
        return true;
      }
      if (c.getName().startsWith("java.") || c.getName().startsWith("javax.") || c.isEnum()) {
        return a.equals(b); // the JDK's own types: their equals is their meaning
      }
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (java.lang.reflect.Field f : k.getDeclaredFields()) {
          if (java.lang.reflect.Modifier.isStatic(f.getModifiers())
              || java.lang.reflect.Modifier.isTransient(f.getModifiers())) {
            continue;
          }
          try {
            f.setAccessible(true);
            if (!same(f.get(a), f.get(b), depth + 1)) {
              return false;
            }
          } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            return false;
          }
        }
      }
      return true;
    }
  }

  private static String hint(Object value) {
    if (value instanceof java.util.Collection || value instanceof java.util.Map || value instanceof java.util.Optional) {
      return ". JSON keeps no type of the elements of an untyped collection: wrap them in a record whose"
          + " fields declare the element type (List<LocalDate>), or choose Encoding.JAVA_SERIALIZATION";
    }
    return ". Give the type an equals method, make it JSON-friendly (a record), or choose"
        + " Encoding.JAVA_SERIALIZATION";
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
