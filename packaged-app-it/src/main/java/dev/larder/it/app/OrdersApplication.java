package dev.larder.it.app;

import dev.larder.LarderConfiguration;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Service;

/**
 * A small Spring Boot application that caches with Larder through Boot's JCache support. Its
 * {@code application.properties} names a configuration file that is not Larder's default
 * ({@code larder-prod.properties}); packaged as a fat jar, Boot hands Larder a {@code jar:nested:}
 * URI for it. The application prints what Larder made of that file and exits.
 */
@SpringBootApplication
@EnableCaching
public class OrdersApplication {

  /** A cached service. */
  @Service
  public static class Orders {
    private int computed;

    /** Computes an order's summary (counting the computations). */
    @Cacheable("orders")
    public String summary(String id) {
      computed++;
      return "order " + id + " (computation " + computed + ")";
    }

    int computed() {
      return computed;
    }
  }

  /**
   * Starts the application, reports and exits.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ConfigurableApplicationContext context = SpringApplication.run(OrdersApplication.class, args)) {
      Orders orders = context.getBean(Orders.class);
      orders.summary("o-1");
      orders.summary("o-1");
      CacheManager manager = context.getBean(JCacheCacheManager.class).getCacheManager();
      URI uri = manager.getURI();
      Cache<Object, Object> cache = manager.getCache("orders");
      @SuppressWarnings("unchecked")
      LarderConfiguration<Object, Object> config = cache.getConfiguration(LarderConfiguration.class);
      System.out.println("manager-uri=" + uri);
      System.out.println("computations=" + orders.computed());
      System.out.println("orders.maximum-size=" + config.getMaximumSize());
      System.out.println("orders.ttl=" + config.getDefaultTtl());
      System.out.println("audit-exists=" + (manager.getCache("audit") != null));
    }
  }
}
