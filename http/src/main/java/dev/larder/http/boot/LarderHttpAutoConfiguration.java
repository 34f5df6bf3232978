package dev.larder.http.boot;

import dev.larder.http.HttpCacheSettings;
import dev.larder.http.HttpResponseCache;
import dev.larder.http.LarderHttpFilter;
import dev.larder.http.metrics.LarderHttpMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Spring Boot auto-configuration of {@code larder-http}, for servlet web applications: binds
 * {@code larder.http.*} ({@link HttpCacheSettings}), opens the {@link HttpResponseCache} (unless the
 * application defines one), registers {@link LarderHttpFilter} for every path, and, when they are
 * on the classpath, the {@code httpcache} actuator endpoint and the Micrometer meters.
 *
 * <p>The filter's order is {@code larder.http.filter-order}, by default Spring Security's filter
 * order ({@code spring.security.filter.order}, -100 unless changed) plus 10: after security, so a
 * stored response is never served to a caller security would refuse, and after the observation
 * filter, so hits are measured too. Switch everything off with {@code larder.http.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = "larder.http", name = "enabled", havingValue = "true", matchIfMissing = true)
public class LarderHttpAutoConfiguration implements BeanClassLoaderAware {

  /** Spring Security's default filter order ({@code SecurityProperties.DEFAULT_FILTER_ORDER}). */
  public static final int SECURITY_FILTER_ORDER = -100;
  /** How far after Spring Security's filter chain the cache runs by default. */
  public static final int AFTER_SECURITY = 10;

  private ClassLoader classLoader = LarderHttpAutoConfiguration.class.getClassLoader();

  /** Creates the configuration (Spring calls this). */
  public LarderHttpAutoConfiguration() {}

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * Binds the {@code larder.http} properties; unknown ones fail the start-up.
   *
   * @return the settings
   */
  @Bean
  @ConfigurationProperties(prefix = "larder.http", ignoreUnknownFields = false)
  public HttpCacheSettings larderHttpSettings() {
    return new HttpCacheSettings();
  }

  /**
   * Opens the cache from the settings.
   *
   * @param settings the bound settings
   * @return the cache, closed with the application context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public HttpResponseCache larderHttpResponseCache(HttpCacheSettings settings) {
    return HttpResponseCache.open(settings, classLoader);
  }

  /**
   * Registers the filter.
   *
   * @param cache the cache
   * @param settings the settings (for the order)
   * @param environment the environment (for Spring Security's order)
   * @return the registration
   */
  @Bean
  @ConditionalOnMissingBean(name = "larderHttpFilter")
  public FilterRegistrationBean<LarderHttpFilter> larderHttpFilter(HttpResponseCache cache, HttpCacheSettings settings,
      Environment environment) {
    FilterRegistrationBean<LarderHttpFilter> registration = new FilterRegistrationBean<>(new LarderHttpFilter(cache));
    registration.setName(LarderHttpFilter.FILTER_NAME);
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns("/*");
    Integer order = settings.getFilterOrder();
    if (order == null) {
      order = environment.getProperty("spring.security.filter.order", Integer.class, SECURITY_FILTER_ORDER)
          + AFTER_SECURITY;
    }
    registration.setOrder(order);
    return registration;
  }

  /** The actuator endpoint, when Spring Boot Actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class ActuatorConfiguration {
    @Bean
    @ConditionalOnMissingBean
    HttpCacheActuatorEndpoint larderHttpCacheEndpoint(HttpResponseCache cache) {
      return new HttpCacheActuatorEndpoint(cache);
    }
  }

  /** The meters, when Micrometer is present (Spring Boot binds every MeterBinder bean to its registries). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    LarderHttpMetrics larderHttpMetrics(HttpResponseCache cache) {
      return new LarderHttpMetrics(cache);
    }
  }
}
