package dev.larder.http.tomcat;

import dev.larder.http.e2e.CachingContract;
import dev.larder.http.e2e.TestServer;

/** The caching contract on embedded Tomcat 11. */
class TomcatCachingTest extends CachingContract {
  @Override
  protected TestServer.Factory servers() {
    return TomcatServer::start;
  }
}
