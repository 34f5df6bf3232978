package dev.larder.tck;

import dev.larder.redis.testing.RedisServer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the redis-server of the TCK's shared-mode run before the first test and stops it after the
 * last: registered for every execution of this module through {@link java.util.ServiceLoader}, it
 * acts only when the system property {@code larder.tck.redis} is {@code start} (set by the
 * {@code tck-shared} execution), and then points {@code larder.redis.uri} at the server it started.
 */
public final class TckRedis implements LauncherSessionListener {

  private RedisServer server;

  /** Created by the JUnit Platform. */
  public TckRedis() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if ("start".equals(System.getProperty("larder.tck.redis"))) {
      server = RedisServer.start();
      System.setProperty("larder.redis.uri", server.uri());
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
