package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.spi.LarderCachingProvider;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 4 and 14: a configuration file is read from any URI whose URL can be opened (a
 * file inside a jar included), an unreadable one fails the manager, and where a persistent cache's
 * data lives does not depend on where its configuration file happens to be.
 */
class ConfigLocationTest {

  @TempDir
  Path dir;

  private LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private Path jarWith(String entry, String content) throws Exception {
    Path jar = dir.resolve("conf.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aConfigurationFileInsideAJarIsRead() throws Exception {
    Path jar = jarWith("larder-prod.properties", "cache.orders.ttl = 10m\ncache.orders.maximum-size = 50\n");
    URI uri = URI.create("jar:" + jar.toUri() + "!/larder-prod.properties");
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
    Cache<Object, Object> orders = manager.getCache("orders");
    assertNotNull(orders, "the file's cache exists when the manager starts");
    orders.put("o-1", "x");
    assertTrue(LarderCache.of(orders).ttl("o-1").orElseThrow().toMinutes() >= 9, "the file's ttl applies");
  }

  @Test
  void aConfigurationUriThatCannotBeReadFailsTheManager() {
    URI missingJar = URI.create("jar:" + dir.resolve("missing.jar").toUri() + "!/larder.properties");
    CacheException e = assertThrows(CacheException.class, () -> provider.getCacheManager(missingJar, null));
    assertTrue(e.getMessage().contains("missing.jar"), e.getMessage());
    URI missingEntry;
    try {
      missingEntry = URI.create("jar:" + jarWith("other.properties", "").toUri() + "!/larder.properties");
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
    CacheException e2 = assertThrows(CacheException.class, () -> provider.getCacheManager(missingEntry, null));
    assertTrue(e2.getMessage().contains("larder.properties"), e2.getMessage());
  }

  @Test
  void aUriThatIsOnlyANameStillNamesAManager() {
    CacheManager manager = provider.getCacheManager(URI.create("larder:orders-service"), null);
    assertEquals(URI.create("larder:orders-service"), manager.getURI());
  }

  @Test
  void movingTheConfigurationFileKeepsThePersistentData() throws Exception {
    String settings = "cache.reports.mode = persistent\ncache.reports.directory = " + dir.resolve("data") + "\n";
    Path first = Files.createDirectories(dir.resolve("release-1")).resolve("larder-prod.properties");
    Files.writeString(first, settings);
    CacheManager manager = provider.getCacheManager(first.toUri(), getClass().getClassLoader());
    manager.getCache("reports").put("daily", "42 orders");
    provider.close();

    // the next release ships the same file in another folder
    Path second = Files.createDirectories(dir.resolve("release-2")).resolve("larder-prod.properties");
    Files.move(first, second);
    provider = new LarderCachingProvider();
    CacheManager moved = provider.getCacheManager(second.toUri(), getClass().getClassLoader());
    assertEquals("42 orders", moved.getCache("reports").get("daily"),
        "the data follows the configuration file, wherever it is deployed");
  }

  /** Keeps a jar's content readable from the test (for debugging failures). */
  static void write(OutputStream out, String s) throws java.io.IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
