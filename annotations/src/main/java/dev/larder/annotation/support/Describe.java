package dev.larder.annotation.support;

import java.lang.reflect.Method;
import java.util.StringJoiner;

/** How methods and values are named in messages and default cache names. */
public final class Describe {

  private static final int MAX_VALUE = 80;

  private Describe() {}

  /**
   * The JSR-107 default cache name of a method: {@code fully.qualified.Class.method(param.Types)},
   * parameter types by {@link Class#getName()}, comma-separated without spaces.
   *
   * @param method the method
   * @return the name
   */
  public static String method(Method method) {
    StringJoiner params = new StringJoiner(",", "(", ")");
    for (Class<?> type : method.getParameterTypes()) {
      params.add(type.getName());
    }
    return method.getDeclaringClass().getName() + "." + method.getName() + params;
  }

  /**
   * A value as shown in messages: its string form, cut to a readable length.
   *
   * @param value any value
   * @return the abbreviated string
   */
  public static String value(Object value) {
    String text = String.valueOf(value);
    return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "...";
  }
}
