package dev.larder.http.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.LarderHttpFilter;
import dev.larder.http.e2e.AppServlet;
import dev.larder.http.e2e.Http;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The web.xml route on Jetty: a filter created by the container with its no-argument constructor,
 * configured by init parameters and a properties file, failing the start-up when misconfigured.
 */
class InitParameterTest {

  private static Server server(Map<String, String> initParams) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(LarderHttpFilter.class);
    filter.setName("larder-http");
    filter.setAsyncSupported(true);
    initParams.forEach(filter::setInitParameter);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new AppServlet()), "/");
    server.setHandler(context);
    return server;
  }

  @Test
  void aPropertiesFileAndInitParametersConfigureTheFilter() throws Exception {
    Server server = server(Map.of("config", "classpath:larder-http-test.properties",
        "larder.http.cache-name", "init-params"));
    server.start();
    try {
      Http http = new Http(((ServerConnector) server.getConnectors()[0]).getLocalPort());
      assertEquals("MISS", Http.xCache(http.get("/products/7")));
      assertEquals("HIT", Http.xCache(http.get("/products/7")));
      String status = Http.cacheStatus(http.get("/products/7"));
      assertTrue(status.matches("larder; hit; ttl=1(19|20)"), "the file's ttl of 120 s: " + status);
    } finally {
      server.stop();
    }
  }

  @Test
  void aTtlOverAnHourFailsTheStartUpNamingTheProperty() {
    Server server = server(Map.of("larder.http.endpoints.users.path", "/users/{id}",
        "larder.http.endpoints.users.ttl", "2h"));
    Exception e = assertThrows(Exception.class, () -> {
      try {
        server.start();
      } finally {
        server.stop();
      }
    });
    String message = rootMessages(e);
    assertTrue(message.contains("larder-http filter 'larder-http'"), message);
    assertTrue(message.contains("larder.http.endpoints.users.ttl = 7200 s is longer than the maximum of 3600 s"), message);
  }

  @Test
  void aMissingFileAndMissingEndpointsFailTheStartUp() {
    Server missing = server(Map.of("config", "classpath:no-such-file.properties"));
    String m1 = rootMessages(assertThrows(Exception.class, () -> startStop(missing)));
    assertTrue(m1.contains("does not exist: classpath:no-such-file.properties"), m1);
    Server empty = server(Map.of());
    String m2 = rootMessages(assertThrows(Exception.class, () -> startStop(empty)));
    assertTrue(m2.contains("has no endpoints"), m2);
  }

  private static void startStop(Server server) throws Exception {
    try {
      server.start();
    } finally {
      server.stop();
    }
  }

  private static String rootMessages(Throwable t) {
    assertNotNull(t);
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
      for (Throwable s : c.getSuppressed()) {
        sb.append(rootMessages(s));
      }
    }
    return sb.toString();
  }
}
