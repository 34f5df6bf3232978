package dev.larder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.spi.LarderCachingProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Larder as the JCache provider behind Spring Boot's cache support, chosen by spring.cache.jcache.provider. */
class SpringBootCacheTest {

  /** A service whose results Spring caches. */
  public static class GreetingService {
    private final AtomicInteger calls = new AtomicInteger();

    /** How often the method really ran (a method, because the bean is a proxy). */
    public int calls() {
      return calls.get();
    }

    @Cacheable("greetings")
    public String greet(String name) {
      calls.incrementAndGet();
      return "Hello " + name;
    }
  }

  /** The application: auto-configured caching plus one service. */
  @Configuration
  @EnableAutoConfiguration
  @EnableCaching
  public static class App {
    @Bean
    GreetingService greetingService() {
      return new GreetingService();
    }
  }

  @Test
  void cacheableMethodsAreServedByLarder() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.main.banner-mode=off",
            "spring.cache.type=jcache",
            "spring.cache.jcache.provider=" + LarderCachingProvider.class.getName(),
            "spring.cache.jcache.config=classpath:larder-spring.properties",
            "spring.cache.cache-names=greetings")
        .run()) {
      GreetingService service = context.getBean(GreetingService.class);
      assertEquals("Hello Ada", service.greet("Ada"));
      assertEquals("Hello Ada", service.greet("Ada"));
      assertEquals("Hello Bob", service.greet("Bob"));
      assertEquals(2, service.calls(), "the second call for Ada came from the cache");

      JCacheCacheManager springManager = assertInstanceOf(JCacheCacheManager.class, context.getBean(CacheManager.class));
      javax.cache.CacheManager jcacheManager = springManager.getCacheManager();
      assertInstanceOf(LarderCachingProvider.class, jcacheManager.getCachingProvider());
      javax.cache.Cache<Object, Object> greetings = jcacheManager.getCache("greetings");
      assertEquals("Hello Ada", greetings.get("Ada"));
      // the cache Boot created with a bare configuration got its TTL and limits from Larder's file
      LarderConfiguration<?, ?> config = greetings.getConfiguration(LarderConfiguration.class);
      assertEquals(Duration.ofMinutes(10), config.getDefaultTtl());
      assertEquals(1024, config.getMaxValueBytes());
      assertTrue(config.isStatisticsEnabled());
    }
  }
}
