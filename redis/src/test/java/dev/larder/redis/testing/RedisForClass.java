package dev.larder.redis.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that starts one {@link RedisServer} before a test class's first test and stops
 * it after its last: {@code @RegisterExtension static final RedisForClass REDIS = new RedisForClass();}.
 */
public final class RedisForClass implements BeforeAllCallback, AfterAllCallback {

  private RedisServer server;

  /** Creates the extension; the server starts with the class. */
  public RedisForClass() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The running server. */
  public RedisServer server() {
    return server;
  }

  /** The running server's URI. */
  public String uri() {
    return server.uri();
  }
}
