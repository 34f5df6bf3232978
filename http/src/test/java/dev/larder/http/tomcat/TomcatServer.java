package dev.larder.http.tomcat;

import dev.larder.http.e2e.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 (Servlet 6.1) on a free loopback port. */
public final class TomcatServer implements TestServer {

  /** Tomcat logs every start and stop at INFO through java.util.logging; tests keep warnings only. */
  private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

  static {
    TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Tomcat tomcat;
  private final Connector connector;
  private final Path base;

  private TomcatServer(Tomcat tomcat, Connector connector, Path base) {
    this.tomcat = tomcat;
    this.connector = connector;
    this.base = base;
  }

  /**
   * Starts Tomcat with one application at the root context.
   *
   * @param app the application's initializer
   * @return the running server
   * @throws Exception if it cannot start
   */
  public static TomcatServer start(ServletContainerInitializer app) throws Exception {
    Path base = Files.createTempDirectory("larder-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    context.addServletContainerInitializer(app, null);
    return started(tomcat, connector, context, base);
  }

  /**
   * Starts Tomcat and checks that the context is running.
   *
   * @param tomcat a configured Tomcat
   * @param connector its connector
   * @param context its one context
   * @param base the base directory, deleted on close
   * @return the running server
   * @throws Exception if it cannot start
   */
  public static TomcatServer started(Tomcat tomcat, Connector connector, Context context, Path base) throws Exception {
    tomcat.getHost().setAutoDeploy(false);
    if (context instanceof org.apache.catalina.core.StandardContext standard) {
      // the leak checks need --add-opens and only warn about test threads
      standard.setClearReferencesThreadLocals(false);
      standard.setClearReferencesRmiTargets(false);
    }
    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("the application did not start (context state " + context.getState() + ")");
    }
    return new TomcatServer(tomcat, connector, base);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (org.apache.catalina.LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    }
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
