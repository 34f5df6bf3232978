package dev.larder.http.jetty;

import dev.larder.http.e2e.StorageRulesContract;
import dev.larder.http.e2e.TestServer;

/** The storagerules contract on embedded Jetty 12 (ee10). */
class JettyStorageRulesTest extends StorageRulesContract {
  @Override
  protected TestServer.Factory servers() {
    return JettyServer::start;
  }
}
