package dev.larder.http.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.LarderHttpFilter;
import dev.larder.http.e2e.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot MVC application (embedded Tomcat, Spring Security, Actuator, Micrometer) whose
 * endpoints are cached by properties alone.
 */
class SpringBootMvcTest {

  /** The application's controllers; each response says how often its endpoint ran. */
  @RestController
  public static class Api {
    final AtomicInteger products = new AtomicInteger();
    final AtomicInteger reports = new AtomicInteger();

    @GetMapping("/api/products/{id}")
    public Map<String, Object> product(@PathVariable("id") String id) {
      return Map.of("id", id, "run", products.incrementAndGet());
    }

    @GetMapping("/secure/report")
    public String report() {
      return "report run=" + reports.incrementAndGet();
    }
  }

  /** Security: /secure/** needs a user; everything else is open. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Api.class)
  public static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/secure/**").hasRole("USER").anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .csrf(AbstractHttpConfigurer::disable)
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}lovelace").roles("USER").build());
    }
  }

  private static final String[] PROPERTIES = {
      "server.port=0",
      "server.address=127.0.0.1",
      "spring.main.banner-mode=off",
      "management.endpoints.web.exposure.include=httpcache",
      "larder.http.cache-name=boot-test",
      "larder.http.endpoints.products.path=/api/products/{id}",
      "larder.http.endpoints.products.ttl=5m",
      "larder.http.endpoints.report.path=/secure/report",
      "larder.http.endpoints.report.authorization=shared"};

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void propertiesAloneCacheTheEndpointsBehindSecurityWithActuatorAndMeters() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).properties(PROPERTIES).run()) {
      Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
      Api api = context.getBean(Api.class);

      HttpResponse<byte[]> miss = http.get("/api/products/1");
      assertEquals("MISS", Http.xCache(miss));
      HttpResponse<byte[]> hit = http.get("/api/products/1");
      assertEquals("HIT", Http.xCache(hit));
      assertEquals(Http.text(miss), Http.text(hit));
      assertTrue(Http.text(hit).contains("\"run\":1"), Http.text(hit));
      assertTrue(Http.cacheStatus(hit).startsWith("larder; hit; ttl=29"), Http.cacheStatus(hit));
      assertEquals(1, api.products.get());

      // the cache runs after Spring Security: a stored response never reaches a caller security refuses
      assertEquals("MISS", Http.xCache(http.get("/secure/report", "Authorization", basic("ada", "lovelace"))));
      HttpResponse<byte[]> anonymous = http.get("/secure/report");
      assertEquals(401, anonymous.statusCode());
      assertNull(Http.xCache(anonymous));
      assertEquals(401, http.get("/secure/report", "Authorization", basic("ada", "wrong")).statusCode());
      HttpResponse<byte[]> shared = http.get("/secure/report", "Authorization", basic("ada", "lovelace"));
      assertEquals("HIT", Http.xCache(shared));
      assertEquals("report run=1", Http.text(shared));

      @SuppressWarnings("unchecked")
      FilterRegistrationBean<LarderHttpFilter> registration =
          (FilterRegistrationBean<LarderHttpFilter>) context.getBean("larderHttpFilter", FilterRegistrationBean.class);
      assertEquals(-90, registration.getOrder(), "Spring Security's -100 plus 10");

      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertEquals(1.0, meters.get("larder.http.requests").tag("endpoint", "products").tag("result", "hit")
          .functionCounter().count());
      assertEquals(1.0, meters.get("larder.http.stores").tag("endpoint", "products").functionCounter().count());

      String read = Http.text(http.get("/actuator/httpcache"));
      assertTrue(read.contains("\"products\"") && read.contains("\"entries\":1"), read);

      HttpResponse<byte[]> clearOne = http.send(http.request("/actuator/httpcache/products?path=/api/products/1")
          .DELETE().build());
      assertEquals(200, clearOne.statusCode(), Http.text(clearOne));
      assertTrue(Http.text(clearOne).contains("\"cleared\":1"), Http.text(clearOne));
      assertEquals("MISS", Http.xCache(http.get("/api/products/1")));

      HttpResponse<byte[]> clearEndpoint = http.send(http.request("/actuator/httpcache/products").DELETE().build());
      assertTrue(Http.text(clearEndpoint).contains("\"cleared\":1"), Http.text(clearEndpoint));
      assertEquals("MISS", Http.xCache(http.get("/api/products/1")));

      HttpResponse<byte[]> clearAll = http.send(http.request("/actuator/httpcache").DELETE().build());
      assertTrue(Http.text(clearAll).contains("\"cleared\":2"), "products and report: " + Http.text(clearAll));
      assertEquals("MISS", Http.xCache(http.get("/secure/report", "Authorization", basic("ada", "lovelace"))));
      assertEquals(3, api.products.get());
    }
  }

  @Test
  void aMisconfiguredEndpointFailsTheStartUpNamingTheProperty() {
    Exception e = assertThrows(Exception.class, () -> new SpringApplicationBuilder(App.class)
        .properties(PROPERTIES).properties("larder.http.endpoints.products.ttl=2h").run().close());
    String messages = messages(e);
    assertTrue(messages.contains("larder.http.endpoints.products.ttl = 7200 s is longer than the maximum"), messages);
  }

  @Test
  void anUnknownPropertyFailsTheStartUp() {
    Exception e = assertThrows(Exception.class, () -> new SpringApplicationBuilder(App.class)
        .properties(PROPERTIES).properties("larder.http.endpoints.products.tll=2m").run().close());
    String messages = messages(e);
    assertTrue(messages.contains("larder.http.endpoints.products.tll"), messages);
  }

  private static String messages(Throwable e) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
