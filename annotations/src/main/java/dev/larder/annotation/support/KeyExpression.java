package dev.larder.annotation.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled {@code @Cached(key = ...)} expression: parsed once per method, evaluated per call
 * without parsing. Items are {@code #name}, {@code #name.prop.prop}, {@code #p0} or {@code #a0},
 * separated by commas. Properties are read through {@code getProp()}, {@code isProp()} or
 * {@code prop()} (records), looked up once per runtime class.
 */
public final class KeyExpression {

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern POSITION = Pattern.compile("[pa]\\d+");

  private final Item[] items;
  /**
   * Whether the key is the call's arguments themselves, in order, with no property reads (the
   * default key, or an expression that says the same): the one-argument key is then the argument,
   * and a composite key takes the arguments as its parts without another copy.
   */
  private final boolean plain;

  private KeyExpression(Item[] items, int arity) {
    this.items = items;
    boolean same = items.length == arity;
    for (int i = 0; same && i < items.length; i++) {
      same = items[i].index == i && items[i].path.length == 0;
    }
    this.plain = same;
  }

  /**
   * Compiles the key of a method. An empty expression gives the default key: no arguments give one
   * fixed key, one argument is the key itself, several give a {@link CompositeKey} of all of them.
   *
   * @param expression the annotation's {@code key}
   * @param method the annotated method (for messages and arity)
   * @param names the parameter names, or {@code null} if unknown (then only {@code #p0}/{@code #a0} work)
   * @return the compiled expression
   * @throws IllegalArgumentException if the expression is malformed or names an unknown parameter;
   *     the message names the method and the expression and says what to do
   */
  public static KeyExpression compile(String expression, Method method, String[] names) {
    int arity = method.getParameterCount();
    String where = Describe.method(method);
    if (expression.isBlank()) {
      Item[] items = new Item[arity];
      for (int i = 0; i < arity; i++) {
        items[i] = new Item(i, new String[0]);
      }
      return new KeyExpression(items, arity);
    }
    List<Item> items = new ArrayList<>();
    for (String raw : expression.split(",", -1)) {
      String text = raw.trim();
      if (!text.startsWith("#") || text.length() == 1) {
        throw bad(expression, where, "item \"" + text + "\" must start with # and name a parameter,"
            + " e.g. #id, #user.id or #p0");
      }
      String[] path = text.substring(1).split("\\.", -1);
      for (String part : path) {
        if (!IDENT.matcher(part).matches()) {
          throw bad(expression, where, "\"" + part + "\" in \"" + text + "\" is not a name");
        }
      }
      int index = parameterIndex(path[0], names, arity, expression, where);
      String[] props = new String[path.length - 1];
      System.arraycopy(path, 1, props, 0, props.length);
      items.add(new Item(index, props));
    }
    return new KeyExpression(items.toArray(new Item[0]), arity);
  }

  private static int parameterIndex(String name, String[] names, int arity, String expression, String where) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
    }
    if (POSITION.matcher(name).matches()) {
      int index = Integer.parseInt(name.substring(1));
      if (index >= arity) {
        throw bad(expression, where, "#" + name + " is out of range: the method has " + arity + " parameter(s)");
      }
      return index;
    }
    if (names == null) {
      throw bad(expression, where, "parameter names are not available; compile with -parameters"
          + " (javac/maven-compiler-plugin <parameters>true</parameters>) or use #p0, #p1, ...");
    }
    throw bad(expression, where, "no parameter named \"" + name + "\"; the parameters are "
        + String.join(", ", names) + " (or use #p0, #p1, ...)");
  }

  private static IllegalArgumentException bad(String expression, String where, String why) {
    return new IllegalArgumentException("key \"" + expression + "\" on " + where + " is invalid: " + why);
  }

  /**
   * Computes the key of one call.
   *
   * @param args the call's arguments
   * @return the key: a single value, or a {@link CompositeKey} ({@link CompositeKey#EMPTY} for none);
   *     never {@code null} (a {@code null} single value becomes a one-part composite key)
   * @throws IllegalStateException if a property cannot be read; the message names the property and type
   */
  public Object evaluate(Object[] args) {
    if (items.length == 1) {
      Object value = items[0].value(args);
      return value == null ? CompositeKey.wrap(new Object[] {null}) : value;
    }
    Object[] parts = new Object[items.length];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = items[i].value(args);
    }
    return CompositeKey.wrap(parts);
  }

  /**
   * {@link #evaluate} for a call with one argument, without an argument array when the key is the
   * argument itself (the hit path of woven code).
   *
   * @param a the argument
   * @return the key, as {@link #evaluate} computes it
   */
  public Object keyOf(Object a) {
    if (plain) {
      return a == null ? CompositeKey.wrap(new Object[] {null}) : a;
    }
    return evaluate(new Object[] {a});
  }

  /**
   * {@link #evaluate} for a call with two arguments; a plain key takes them as its parts.
   *
   * @param a the first argument
   * @param b the second argument
   * @return the key, as {@link #evaluate} computes it
   */
  public Object keyOf(Object a, Object b) {
    Object[] args = {a, b};
    return plain ? CompositeKey.wrap(args) : evaluate(args);
  }

  /**
   * {@link #evaluate} for a call with three arguments; a plain key takes them as its parts.
   *
   * @param a the first argument
   * @param b the second argument
   * @param c the third argument
   * @return the key, as {@link #evaluate} computes it
   */
  public Object keyOf(Object a, Object b, Object c) {
    Object[] args = {a, b, c};
    return plain ? CompositeKey.wrap(args) : evaluate(args);
  }

  /** One comma-separated item: an argument and a property path. */
  private static final class Item {
    private final int index;
    private final Property[] path;

    Item(int index, String[] props) {
      this.index = index;
      this.path = new Property[props.length];
      for (int i = 0; i < props.length; i++) {
        path[i] = new Property(props[i]);
      }
    }

    Object value(Object[] args) {
      Object value = args[index];
      for (Property property : path) {
        if (value == null) {
          return null;
        }
        value = property.read(value);
      }
      return value;
    }
  }

  /** A property read through its getter, resolved once per runtime class. */
  private static final class Property {
    private final String name;
    private final ClassValue<Method> accessors = new ClassValue<>() {
      @Override
      protected Method computeValue(Class<?> type) {
        return find(type);
      }
    };

    Property(String name) {
      this.name = name;
    }

    Object read(Object target) {
      Method accessor = accessors.get(target.getClass());
      try {
        return accessor.invoke(target);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("Cannot read property \"" + name + "\" of " + target.getClass().getName()
            + " for a cache key: its accessor is not accessible; make it public", e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("Reading property \"" + name + "\" of " + target.getClass().getName()
            + " for a cache key failed: " + e.getCause(), e.getCause());
      }
    }

    private Method find(Class<?> type) {
      String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      for (String candidate : new String[] {"get" + cap, "is" + cap, name}) {
        Method method = publicMethod(type, candidate);
        if (method != null) {
          return method;
        }
      }
      throw new IllegalStateException("No property \"" + name + "\" on " + type.getName()
          + " for a cache key: expected a public get" + cap + "(), is" + cap + "() or " + name + "()");
    }

    private static Method publicMethod(Class<?> type, String name) {
      try {
        Method method = type.getMethod(name);
        if (method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())) {
          return null;
        }
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
          method.setAccessible(true);
        }
        return method;
      } catch (NoSuchMethodException e) {
        return null;
      } catch (RuntimeException e) {
        return null;
      }
    }
  }
}
