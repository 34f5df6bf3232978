package dev.larder.store.codec;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Lets the JSON codec rebuild classes that have neither a no-argument constructor nor a JSON
 * creator (a value class with only {@code Identifier(String name)}, say): the instance is
 * allocated without running a constructor, the way Java serialization does it, and its fields are
 * then set from the JSON. Used only when Jackson itself finds no way to create the class, never for
 * records, JDK classes, abstract types or enums; and only for classes the {@link TypeAllowlist}
 * admitted, since the codec checks the type before decoding.
 */
final class ConstructorFreeInstantiation extends Module {

  private static final Object FACTORY;
  private static final java.lang.reflect.Method NEW_CONSTRUCTOR;

  static {
    Object factory = null;
    java.lang.reflect.Method method = null;
    try {
      Class<?> c = Class.forName("sun.reflect.ReflectionFactory");
      factory = c.getMethod("getReflectionFactory").invoke(null);
      method = c.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
      // without jdk.unsupported, such classes keep needing a constructor JSON can use
    }
    FACTORY = factory;
    NEW_CONSTRUCTOR = method;
  }

  @Override
  public String getModuleName() {
    return "larder-constructor-free";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addValueInstantiators(new ValueInstantiators.Base() {
      @Override
      public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription description,
          ValueInstantiator found) {
        Class<?> c = description.getBeanClass();
        if (found.canCreateUsingDefault() || found.canCreateFromObjectWith() || !eligible(c)) {
          return found;
        }
        Constructor<?> allocator = allocator(c);
        return allocator == null ? found : new Allocating(found, allocator);
      }
    });
  }

  private static boolean eligible(Class<?> c) {
    return !c.isRecord() && !c.isInterface() && !c.isEnum() && !c.isArray() && !c.isPrimitive()
        && !Modifier.isAbstract(c.getModifiers()) && !c.getName().startsWith("java.")
        && !c.getName().startsWith("javax.");
  }

  private static Constructor<?> allocator(Class<?> c) {
    if (NEW_CONSTRUCTOR == null) {
      return null;
    }
    try {
      Constructor<?> constructor = (Constructor<?>) NEW_CONSTRUCTOR.invoke(FACTORY, c, Object.class.getDeclaredConstructor());
      constructor.setAccessible(true);
      return constructor;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Creates instances with the allocating constructor; everything else as Jackson found it. */
  private static final class Allocating extends ValueInstantiator.Delegating {
    private static final long serialVersionUID = 1L;
    private final transient Constructor<?> allocator;

    Allocating(ValueInstantiator delegate, Constructor<?> allocator) {
      super(delegate);
      this.allocator = allocator;
    }

    @Override
    public boolean canCreateUsingDefault() {
      return true;
    }

    @Override
    public boolean canInstantiate() {
      return true;
    }

    @Override
    public Object createUsingDefault(DeserializationContext context) throws IOException {
      try {
        return allocator.newInstance();
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IOException("cannot allocate a " + allocator.getDeclaringClass().getName() + ": " + e, e);
      }
    }
  }
}
