package dev.larder.http.jetty;

import dev.larder.http.e2e.CachingContract;
import dev.larder.http.e2e.TestServer;

/** The caching contract on embedded Jetty 12 (ee10). */
class JettyCachingTest extends CachingContract {
  @Override
  protected TestServer.Factory servers() {
    return JettyServer::start;
  }
}
