package dev.larder.spring.boot;

import dev.larder.LarderCache;
import dev.larder.engine.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application the Spring Boot tests start: auto-configuration, caching, one service whose
 * methods Spring caches, and a {@link ManualClock} bean that every Larder cache reads time from.
 * Only what an application would write; Larder is configured by properties alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class TestApp {

  /** The clock the tests move. */
  @Bean
  ManualClock larderClock() {
    return new ManualClock();
  }

  @Bean
  Users users() {
    return new Users();
  }

  /** A service whose results Spring caches in Larder. */
  public static class Users {
    private final AtomicInteger calls = new AtomicInteger();

    /** How often a method body really ran. */
    public int calls() {
      return calls.get();
    }

    @Cacheable("users")
    public String find(String id) {
      calls.incrementAndGet();
      return "user-" + id;
    }

    @Cacheable("reports")
    public String report(String id) {
      calls.incrementAndGet();
      return "report-" + id;
    }

    @Cacheable(cacheNames = "lookups", sync = true)
    public String lookup(String id) {
      calls.incrementAndGet();
      return id.equals("nobody") ? null : "found-" + id;
    }

    @Cacheable("sessions-web")
    public String session(String id) {
      calls.incrementAndGet();
      return "session-" + id;
    }

    @CacheEvict("users")
    public void forget(String id) {
      calls.incrementAndGet();
    }
  }

  /** Starts the application without a web server, with the given properties. */
  static ConfigurableApplicationContext start(String... properties) {
    return builder(WebApplicationType.NONE, properties).run();
  }

  /** Starts the application on a random local port with the actuator endpoints exposed over HTTP. */
  static ConfigurableApplicationContext startWeb(String... properties) {
    List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,caches,metrics",
        "management.endpoint.health.show-details=always"));
    all.addAll(List.of(properties));
    return builder(WebApplicationType.SERVLET, all.toArray(String[]::new)).run();
  }

  private static SpringApplicationBuilder builder(WebApplicationType type, String... properties) {
    List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(TestApp.class).web(type).properties(all.toArray(String[]::new));
  }

  /** The Larder cache behind a Spring cache name. */
  static LarderCache<Object, Object> larderCache(ConfigurableApplicationContext context, String name) {
    return LarderCache.of(context.getBean(javax.cache.CacheManager.class).getCache(name));
  }
}
