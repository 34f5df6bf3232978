package dev.larder.copy;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Set;
import java.util.UUID;

/**
 * Recognises classes whose instances can never change, so that store-by-value needs no copy.
 *
 * <p>Immutable: {@code String}, the boxed primitives, {@code BigInteger}, {@code BigDecimal},
 * {@code UUID}, {@code URI}, enums, the value classes of {@code java.time}, and records whose
 * components all have immutable types (primitives included), checked recursively. The answer is
 * computed once per class.
 */
public final class ImmutableTypes {

  private static final Set<Class<?>> KNOWN = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
      URI.class, Class.class);

  private static final ClassValue<Boolean> CACHE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return decide(type, 0);
    }
  };

  private ImmutableTypes() {}

  /**
   * Tells whether instances of a class are immutable.
   *
   * @param type the runtime class of a value
   * @return {@code true} if no instance of it can be mutated
   */
  public static boolean isImmutable(Class<?> type) {
    return CACHE.get(type);
  }

  private static boolean decide(Class<?> type, int depth) {
    if (type.isPrimitive() || KNOWN.contains(type) || type.isEnum()
        || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
      return true;
    }
    if (type.getName().startsWith("java.time.") && Modifier.isFinal(type.getModifiers())
        && !type.getName().startsWith("java.time.format.")) {
      return true;
    }
    if (type.isRecord() && depth < 8) {
      for (RecordComponent component : type.getRecordComponents()) {
        Class<?> componentType = component.getType();
        boolean finalType = componentType.isPrimitive() || Modifier.isFinal(componentType.getModifiers());
        if (!finalType || !decide(componentType, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
