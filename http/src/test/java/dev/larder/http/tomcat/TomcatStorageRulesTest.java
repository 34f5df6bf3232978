package dev.larder.http.tomcat;

import dev.larder.http.e2e.StorageRulesContract;
import dev.larder.http.e2e.TestServer;

/** The storagerules contract on embedded Tomcat 11. */
class TomcatStorageRulesTest extends StorageRulesContract {
  @Override
  protected TestServer.Factory servers() {
    return TomcatServer::start;
  }
}
