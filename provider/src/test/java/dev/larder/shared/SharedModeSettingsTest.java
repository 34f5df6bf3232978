package dev.larder.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.config.ConfigFile;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import org.junit.jupiter.api.Test;

/**
 * Shared mode as the provider sees it, without the larder-redis module on the classpath: how it is
 * chosen and configured, and the error that names the missing module.
 */
class SharedModeSettingsTest {

  @Test
  void askingForSharedModeWithoutTheModuleNamesTheMissingArtifact() {
    LarderCachingProvider provider = new LarderCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create("urn:shared-missing"), null)) {
      CacheException e = assertThrows(CacheException.class, () -> manager.createCache("users",
          new LarderConfiguration<String, String>().setMode(Mode.SHARED)));
      assertTrue(e.getMessage().contains("dev.larder:larder-redis"), e.getMessage());
      assertTrue(e.getMessage().contains("'users'"), e.getMessage());
      assertFalse(manager.getCacheNames().iterator().hasNext(), "no cache was created");

      Properties props = new Properties();
      props.setProperty("larder.mode", "shared");
      try (CacheManager byProperty = provider.getCacheManager(URI.create("urn:shared-missing-2"), null, props)) {
        CacheException viaManager = assertThrows(CacheException.class,
            () -> byProperty.createCache("orders", new javax.cache.configuration.MutableConfiguration<>()));
        assertTrue(viaManager.getMessage().contains("larder-redis"), viaManager.getMessage());
      }
    } finally {
      provider.close();
    }
  }

  @Test
  void sharedCachesCannotStoreByReference() {
    LarderCachingProvider provider = new LarderCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create("urn:shared-by-ref"), null)) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> manager.createCache(
          "refs", new LarderConfiguration<String, String>().setMode(Mode.SHARED).setStoreByValue(false)));
      assertTrue(e.getMessage().contains("'refs'") && e.getMessage().contains("by reference"), e.getMessage());
    } finally {
      provider.close();
    }
  }

  @Test
  void theProviderReportsStoreByReferenceUnsupportedWhenTheJvmDefaultModeIsShared() {
    LarderCachingProvider provider = new LarderCachingProvider();
    String before = System.getProperty("larder.mode");
    try {
      System.clearProperty("larder.mode");
      assertTrue(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
      System.setProperty("larder.mode", "Shared");
      assertFalse(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
      System.setProperty("larder.mode", "persistent");
      assertTrue(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
    } finally {
      if (before == null) {
        System.clearProperty("larder.mode");
      } else {
        System.setProperty("larder.mode", before);
      }
    }
  }

  @Test
  void theConfigurationFileSetsTheRedisSettingsPerCacheAndTemplate() {
    ConfigFile file = ConfigFile.parse("""
        default.mode = shared
        default.redis.uri = redis://cache.internal:6380/2
        default.redis.namespace = shop
        template.session-*.redis.lease = 2s
        cache.users.redis.timeout = 1500ms
        cache.com.example.redis.Users.redis.truststore = /etc/ca.pem
        """, "shared.properties");
    LarderConfiguration<Object, Object> users = new LarderConfiguration<>();
    file.settingsFor("users").applyTo(users);
    assertEquals(Mode.SHARED, users.getMode());
    assertEquals("redis://cache.internal:6380/2", users.getRedisUri());
    assertEquals("shop", users.getRedisNamespace());
    assertEquals(Duration.ofMillis(1500), users.getRedisTimeout());
    assertNull(users.getRedisLease());

    LarderConfiguration<Object, Object> session = new LarderConfiguration<>();
    file.settingsFor("session-web").applyTo(session);
    assertEquals(Duration.ofSeconds(2), session.getRedisLease());

    LarderConfiguration<Object, Object> dotted = new LarderConfiguration<>();
    file.settingsFor("com.example.redis.Users").applyTo(dotted);
    assertEquals("/etc/ca.pem", dotted.getRedisTrustStore(), "a cache name may contain .redis.");

    CacheException bad = assertThrows(CacheException.class,
        () -> ConfigFile.parse("default.redis.timeout = soon\n", "bad.properties"));
    assertTrue(bad.getMessage().contains("bad.properties line 1") && bad.getMessage().contains("redis.timeout"),
        bad.getMessage());
    CacheException unknown = assertThrows(CacheException.class,
        () -> ConfigFile.parse("default.redis.port = 1\n", "bad.properties"));
    assertTrue(unknown.getMessage().contains("redis.uri"), "the known settings are listed: " + unknown.getMessage());
  }

  @Test
  void managerPropertiesAndTheUriQueryGiveTheDefaultsOfEveryCache() {
    LarderCachingProvider provider = new LarderCachingProvider();
    Properties props = new Properties();
    props.setProperty("larder.redis.namespace", "from-properties");
    URI uri = URI.create("larder:app?larder.redis.timeout=750ms&larder.redis.uri=redis%3A%2F%2Fhost%3A1");
    try (CacheManager manager = provider.getCacheManager(uri, null, props)) {
      LarderConfiguration<?, ?> config = manager.createCache("plain", new LarderConfiguration<String, String>())
          .getConfiguration(LarderConfiguration.class);
      assertEquals("from-properties", config.getRedisNamespace());
      assertEquals(Duration.ofMillis(750), config.getRedisTimeout());
      assertEquals("redis://host:1", config.getRedisUri());
      assertEquals(Duration.ofSeconds(10), config.getRedisLease(), "the default lease");
    } finally {
      provider.close();
    }
  }
}
