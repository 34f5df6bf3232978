package dev.larder.spring.boot;

import dev.larder.micrometer.LarderCacheMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Binds Larder's Micrometer meters to the application's {@link MeterRegistry} for every cache of each
 * {@link LarderSpringCacheManager} bean: those that exist once the context is up, and each one created later. Each
 * meter is tagged {@code cache=<name>} and {@code cache.manager=<bean name>}, as Spring Boot tags its
 * own cache metrics, so {@code /actuator/metrics/cache.gets?tag=cache:users} works. A cache that is
 * destroyed and created again gets fresh meters.
 */
final class LarderMeterRegistrar implements SmartInitializingSingleton {

  private final ListableBeanFactory beans;
  private final ObjectProvider<MeterRegistry> registries;
  private final Map<String, LarderCacheMeterBinder> binders = new ConcurrentHashMap<>();
  private MeterRegistry registry;

  LarderMeterRegistrar(ListableBeanFactory beans, ObjectProvider<MeterRegistry> registries) {
    this.beans = beans;
    this.registries = registries;
  }

  @Override
  public void afterSingletonsInstantiated() {
    registry = registries.getIfAvailable();
    if (registry == null) {
      return;
    }
    beans.getBeansOfType(LarderSpringCacheManager.class)
        .forEach((managerName, manager) -> manager.onCache(cache -> bind(managerName, cache)));
  }

  private void bind(String managerName, LarderSpringCache cache) {
    binders.compute(managerName + "/" + cache.getName(), (name, previous) -> {
      if (previous != null && previous.cache() == cache.getNativeCache()) {
        return previous;
      }
      if (previous != null) {
        previous.unbindFrom(registry);
      }
      LarderCacheMeterBinder binder = new LarderCacheMeterBinder(cache.getNativeCache(),
          Tags.of("cache.manager", managerName));
      binder.bindTo(registry);
      return binder;
    });
  }
}
