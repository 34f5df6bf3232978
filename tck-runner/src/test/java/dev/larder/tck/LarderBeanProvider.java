package dev.larder.tck;

import javax.cache.annotation.BeanProvider;

/**
 * The TCK's hook for its annotation tests: hands out the TCK's {@code manager.*BlogManagerImpl}
 * beans. No container is involved: the classes are woven with Larder's aspects at load time
 * (surefire execution {@code tck-annotations}, {@code -javaagent:aspectjweaver.jar}), so a plain
 * {@code new} gives an intercepted bean.
 */
public class LarderBeanProvider implements BeanProvider {

  /** Created by the TCK through {@link java.util.ServiceLoader}. */
  public LarderBeanProvider() {}

  @Override
  public <T> T getBeanByType(Class<T> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create a " + type.getName()
          + " for the TCK annotation tests: it needs a no-argument constructor", e);
    }
  }
}
