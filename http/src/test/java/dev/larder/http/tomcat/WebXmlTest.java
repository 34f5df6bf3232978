package dev.larder.http.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.e2e.AppServlet;
import dev.larder.http.e2e.Http;
import dev.larder.http.LarderHttpFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web application that declares the filter in WEB-INF/web.xml, as a plain servlet application does. */
class WebXmlTest {

  @TempDir
  Path base;

  private static final String WEB_XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
        <filter>
          <filter-name>larder-http</filter-name>
          <filter-class>%s</filter-class>
          <async-supported>true</async-supported>
          <init-param>
            <param-name>config</param-name>
            <param-value>/WEB-INF/larder-http.properties</param-value>
          </init-param>
        </filter>
        <filter-mapping>
          <filter-name>larder-http</filter-name>
          <url-pattern>/*</url-pattern>
        </filter-mapping>
        <servlet>
          <servlet-name>app</servlet-name>
          <servlet-class>%s</servlet-class>
          <async-supported>true</async-supported>
        </servlet>
        <servlet-mapping>
          <servlet-name>app</servlet-name>
          <url-pattern>/</url-pattern>
        </servlet-mapping>
      </web-app>
      """.formatted(LarderHttpFilter.class.getName(), AppServlet.class.getName());

  private TomcatServer deploy(String properties) throws Exception {
    Path app = base.resolve("app");
    Files.createDirectories(app.resolve("WEB-INF"));
    Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML);
    Files.writeString(app.resolve("WEB-INF/larder-http.properties"), properties);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.resolve("tomcat").toString());
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addWebapp("", app.toString());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    context.setJarScanner(scanner);
    return TomcatServer.started(tomcat, connector, context, base.resolve("tomcat"));
  }

  @Test
  void theFilterDeclaredInWebXmlCachesTheEndpoints() throws Exception {
    try (TomcatServer server = deploy("""
        larder.http.cache-name = web-xml
        larder.http.endpoints.users.path = /users/{id}
        larder.http.endpoints.users.ttl = 10m
        """)) {
      Http http = new Http(server.port());
      assertEquals("MISS", Http.xCache(http.get("/users/9")));
      String hit = Http.text(http.get("/users/9"));
      assertTrue(hit.contains("\"run\":1"), hit);
      String status = Http.cacheStatus(http.get("/users/9"));
      assertTrue(status.matches("larder; hit; ttl=(599|600)"), "the file's ttl of 10 minutes: " + status);
    }
  }

  @Test
  void aMisconfiguredFilterStopsTheApplicationFromStarting() {
    Logger contextLog = Logger.getLogger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/]");
    StringBuilder logged = new StringBuilder();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
          logged.append(t.getMessage()).append('\n');
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    contextLog.addHandler(capture);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> deploy("""
          larder.http.endpoints.users.path = /users/{id}
          larder.http.endpoints.users.ttl = 7200
          """).close());
      assertTrue(e.getMessage().contains("did not start"), e.getMessage());
      assertTrue(logged.toString().contains("larder.http.endpoints.users.ttl = 7200 s is longer than the maximum"),
          "the container logged why: " + logged);
    } finally {
      contextLog.removeHandler(capture);
    }
  }
}
