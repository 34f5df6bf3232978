package dev.larder.spring.boot;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import javax.cache.CacheManager;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The {@code larder} health indicator on Spring Boot 3.5, whose health API
 * ({@code org.springframework.boot.actuate.health}) Spring Boot 4 moved to another package. This
 * jar is compiled against Boot 4, so the 3.5 indicator is a {@link Proxy} of Boot 3.5's
 * {@code HealthIndicator} interface that builds its {@code Health} through that API's public
 * methods ({@code Health.up()}, {@code down()}, {@code withDetails}, {@code build}) found by
 * reflection once. It reports exactly what {@link LarderHealthIndicator} reports on Boot 4; the
 * {@code boot-3.5} test execution runs it against Boot 3.5.
 */
final class Boot3HealthIndicator implements InvocationHandler {

  /** Boot 3.5's health indicator interface. */
  static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
  private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

  private final LarderHealth health;
  private final Method up;
  private final Method down;
  private final Method withDetails;
  private final Method build;

  private Boot3HealthIndicator(LarderHealth health, ClassLoader loader) throws ReflectiveOperationException {
    this.health = health;
    Class<?> healthType = Class.forName(HEALTH, false, loader);
    this.up = healthType.getMethod("up");
    this.down = healthType.getMethod("down");
    this.withDetails = up.getReturnType().getMethod("withDetails", Map.class);
    this.build = up.getReturnType().getMethod("build");
  }

  /** Returns a Boot 3.5 {@code HealthIndicator} reporting the check. */
  static Object create(Class<?> indicatorType, LarderHealth health) {
    try {
      ClassLoader loader = indicatorType.getClassLoader();
      return Proxy.newProxyInstance(loader, new Class<?>[] {indicatorType}, new Boot3HealthIndicator(health, loader));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spring Boot's health API (" + HEALTH + ") is not the one of Boot 3.5: " + e, e);
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "health":
        if (method.getParameterCount() == 0) {
          LarderHealth.Report report = health.check();
          Object builder = (report.up() ? up : down).invoke(null);
          return build.invoke(withDetails.invoke(builder, report.details()));
        }
        break;
      case "toString":
        return "LarderHealthIndicator (Spring Boot 3.5)";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    throw new UnsupportedOperationException(method.toString());
  }

  /** Registers the indicator as the bean {@code larderHealthIndicator}, typed as Boot 3.5's interface. */
  static final class Registrar implements ImportBeanDefinitionRegistrar, BeanClassLoaderAware {

    private ClassLoader classLoader;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      Class<Object> type = (Class<Object>) ClassUtils.resolveClassName(INDICATOR, classLoader);
      BeanFactory beans = (BeanFactory) registry;
      registry.registerBeanDefinition("larderHealthIndicator", new RootBeanDefinition(type, () -> create(type,
          new LarderHealth(beans.getBean(CacheManager.class),
              beans.getBeanProvider(LarderSpringCacheManager.class).getIfAvailable()))));
    }
  }
}
