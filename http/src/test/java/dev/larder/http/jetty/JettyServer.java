package dev.larder.http.jetty;

import dev.larder.http.e2e.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10, Servlet 6.0) on a free loopback port. */
public final class JettyServer implements TestServer {

  private final Server server;
  private final ServerConnector connector;

  private JettyServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts Jetty with one application at the root context.
   *
   * @param app the application's initializer
   * @return the running server
   * @throws Exception if it cannot start
   */
  public static JettyServer start(ServletContainerInitializer app) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
    context.addServletContainerInitializer(app);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    if (!context.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the application did not start");
    }
    return new JettyServer(server, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
