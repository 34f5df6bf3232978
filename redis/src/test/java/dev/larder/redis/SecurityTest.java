package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.redis.testing.Instances;
import dev.larder.redis.testing.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AUTH with a password and with an ACL user, TLS with a certificate made for the test; no password in any message. */
class SecurityTest {

  private static final String PASSWORD = "pw-9f2c1e-secret";
  private Instances instances;

  @BeforeEach
  void open() {
    instances = new Instances();
  }

  @AfterEach
  void close() {
    instances.close();
  }

  private static LarderCache<String, String> cache(CacheManager manager, String name) {
    return LarderCache.of(manager.createCache(name, new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class)));
  }

  private static String everything(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void aPasswordOpensTheCacheAndNeverShowsInAnyMessage() {
    try (RedisServer server = RedisServer.withPassword(PASSWORD)) {
      LarderCache<String, String> cache = cache(instances.manager(server.uri(), "auth",
          "larder.redis.timeout", "1s"), "secured");
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));

      String wrong = server.uri().replace(PASSWORD, "not-" + PASSWORD);
      CacheException refused = assertThrows(CacheException.class,
          () -> cache(instances.manager(wrong, "auth"), "secured"));
      assertTrue(refused.getMessage().contains("'secured'") && refused.getMessage().contains("127.0.0.1:" + server.port()),
          refused.getMessage());
      assertFalse(everything(refused).contains(PASSWORD), everything(refused));

      String none = "redis://127.0.0.1:" + server.port();
      CacheException anonymous = assertThrows(CacheException.class, () -> cache(instances.manager(none, "auth"), "x"));
      assertFalse(everything(anonymous).contains(PASSWORD));

      server.kill();
      CacheException down = assertThrows(CacheException.class, () -> cache.get("k"));
      assertTrue(down.getMessage().contains("127.0.0.1:" + server.port()), down.getMessage());
      assertFalse(everything(down).contains(PASSWORD), everything(down));
    }
  }

  @Test
  void anAclUserWorksAndOneWithoutTheRightsIsToldWhatWasRefused() {
    try (RedisServer server = RedisServer.start()) {
      server.cli("ACL", "SETUSER", "app", "on", ">app-" + PASSWORD, "~*", "&*", "+@all");
      server.cli("ACL", "SETUSER", "reader", "on", ">reader-" + PASSWORD, "~*", "&*", "-@all", "+@read", "+hello",
          "+ping", "+time", "+subscribe", "+info");
      String app = "redis://app:app-" + PASSWORD + "@127.0.0.1:" + server.port();
      LarderCache<String, String> cache = cache(instances.manager(app, "acl"), "users");
      cache.put("alice", "admin");
      assertEquals("admin", cache.get("alice"));
      assertEquals("admin", cache.getOrCompute("alice", k -> "never"));

      String reader = "redis://reader:reader-" + PASSWORD + "@127.0.0.1:" + server.port();
      LarderCache<String, String> limited = cache(instances.manager(reader, "acl"), "users");
      assertEquals("admin", limited.get("alice"), "reads are allowed");
      CacheException e = assertThrows(CacheException.class, () -> limited.put("bob", "user"));
      assertTrue(e.getMessage().contains("'users'") && e.getMessage().contains("key bob")
          && e.getMessage().contains("NOPERM"), e.getMessage());
      assertFalse(everything(e).contains(PASSWORD));
    }
  }

  @Test
  void tlsWithACertificateTheCacheIsToldToTrust() {
    try (RedisServer server = RedisServer.withTls()) {
      assertTrue(server.uri().startsWith("rediss://"));
      LarderCache<String, String> cache = cache(instances.manager(server.uri(), "tls",
          "larder.redis.truststore", server.caFile().toString()), "private");
      cache.put("k", "over TLS");
      assertEquals("over TLS", cache.get("k"));

      CacheException untrusted = assertThrows(CacheException.class,
          () -> cache(instances.manager(server.uri(), "tls", "larder.redis.timeout", "2s"), "private"));
      assertTrue(untrusted.getMessage().contains("127.0.0.1:" + server.port() + " (TLS)"), untrusted.getMessage());

      String plain = server.uri().replace("rediss://", "redis://");
      assertThrows(CacheException.class, () -> cache(instances.manager(plain, "tls", "larder.redis.timeout", "1s"), "p"),
          "a plain connection to a TLS port does not work");
    }
  }
}
