package dev.larder.http.e2e;

import jakarta.servlet.ServletContainerInitializer;

/** An embedded servlet container serving one application on a free loopback port. */
public interface TestServer extends AutoCloseable {

  /** @return the port it listens on */
  int port();

  /** Stops it; a failure to stop is an {@link IllegalStateException}. */
  @Override
  void close();

  /** Starts servers of one kind. */
  @FunctionalInterface
  interface Factory {
    /**
     * Starts a server.
     *
     * @param app the application's initializer
     * @return the running server
     * @throws Exception if it cannot start (for example, a filter's init failed)
     */
    TestServer start(ServletContainerInitializer app) throws Exception;
  }
}
