package dev.larder.spring.boot;

import dev.larder.engine.Clock;
import dev.larder.spi.LarderCachingProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Spring Boot auto-configuration: with {@code larder-spring-boot} on the classpath, Spring's cache
 * abstraction runs on Larder, configured by {@code larder.*} properties.
 *
 * <ul>
 *   <li>{@code larderJCacheManager}: the Larder {@code javax.cache.CacheManager} (see
 *       {@link LarderManagerFactory}), closed with the context;
 *   <li>{@code cacheManager}: a {@link LarderSpringCacheManager} over it, when caching is enabled
 *       ({@code @EnableCaching}) and the application defines no cache manager of its own;
 *   <li>Micrometer meters for every cache, when a {@code MeterRegistry} exists (actuator);
 *   <li>the {@code larder} health indicator, when Spring Boot's health support is present
 *       ({@code management.health.larder.enabled=false} turns it off).
 * </ul>
 *
 * <p>It runs before Boot's own cache auto-configuration, which then backs off. It stays out of the
 * way when {@code spring.cache.type} names another cache type or {@code spring.cache.jcache.provider}
 * another provider.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",       // Boot 4
    "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration"})      // Boot 3
@ConditionalOnClass({org.springframework.cache.CacheManager.class, LarderCachingProvider.class})
@Conditional(LarderAutoConfiguration.LarderChosen.class)
public class LarderAutoConfiguration {

  /** Creates the configuration (Spring Boot does). */
  public LarderAutoConfiguration() {}

  /**
   * The Larder {@code javax.cache} manager.
   *
   * @param environment the application's environment
   * @param resourceLoader gives the application's class loader
   * @param clock a {@link Clock} bean, if the application defines one: the time every cache reads
   *     (tests define a {@code dev.larder.engine.ManualClock}); else the system clock
   * @return the open manager
   */
  @Bean(name = "larderJCacheManager", destroyMethod = "close")
  @ConditionalOnMissingBean(javax.cache.CacheManager.class)
  public javax.cache.CacheManager larderJCacheManager(ConfigurableEnvironment environment, ResourceLoader resourceLoader,
      ObjectProvider<Clock> clock) {
    return LarderManagerFactory.open(environment, resourceLoader.getClassLoader(), clock.getIfAvailable());
  }

  /**
   * Spring's cache manager on Larder.
   *
   * @param larder the Larder manager
   * @param environment gives {@code spring.cache.cache-names}
   * @return the manager
   */
  @Bean(name = "cacheManager")
  @ConditionalOnBean(CacheAspectSupport.class)
  @ConditionalOnMissingBean(org.springframework.cache.CacheManager.class)
  public LarderSpringCacheManager cacheManager(javax.cache.CacheManager larder, Environment environment) {
    List<String> names = Binder.get(environment).bind("spring.cache.cache-names", Bindable.listOf(String.class))
        .orElse(List.of());
    return new LarderSpringCacheManager(larder, names, true);
  }

  /** Meters for every cache, when Micrometer is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {

    @Bean
    LarderMeterRegistrar larderMeterRegistrar(ListableBeanFactory beans, ObjectProvider<MeterRegistry> registries) {
      return new LarderMeterRegistrar(beans, registries);
    }
  }

  /** Spring Boot 4's health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(name = "management.health.larder.enabled", matchIfMissing = true)
  static class Health {

    @Bean
    LarderHealthIndicator larderHealthIndicator(javax.cache.CacheManager larder,
        ObjectProvider<LarderSpringCacheManager> spring) {
      return new LarderHealthIndicator(new LarderHealth(larder, spring.getIfAvailable()));
    }
  }

  /** Spring Boot 3.5's health indicator (its health API lives in another package). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot3HealthIndicator.INDICATOR)
  @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(name = "management.health.larder.enabled", matchIfMissing = true)
  @Import(Boot3HealthIndicator.Registrar.class)
  static class HealthBoot3 {}

  /**
   * Matches unless {@code spring.cache.type} chooses another cache than JCache or
   * {@code spring.cache.jcache.provider} another JCache provider than Larder.
   */
  static final class LarderChosen extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String type = context.getEnvironment().getProperty("spring.cache.type");
      if (type != null && !type.trim().equalsIgnoreCase("jcache")) {
        return ConditionOutcome.noMatch("spring.cache.type is " + type);
      }
      String provider = context.getEnvironment().getProperty("spring.cache.jcache.provider");
      if (provider != null && !provider.trim().equals(LarderCachingProvider.class.getName())) {
        return ConditionOutcome.noMatch("spring.cache.jcache.provider is " + provider);
      }
      return ConditionOutcome.match("Larder is the cache (spring.cache.type and spring.cache.jcache.provider allow it)");
    }
  }
}
