package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.testing.CacheTestBase;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.URL;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/** Providers, managers and caches: scoping, creation rules, close and destroy. */
class LifecycleTest extends CacheTestBase {

  @Test
  void managersAreScopedByUriAndClassLoader() {
    ClassLoader loader = getClass().getClassLoader();
    URI uri = URI.create("test:scoping");
    CacheManager a = provider.getCacheManager(uri, loader);
    assertSame(a, provider.getCacheManager(uri, loader));
    try (URLClassLoader other = new URLClassLoader(new URL[0], loader)) {
      assertNotSame(a, provider.getCacheManager(uri, other));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    a.close();
    assertTrue(a.isClosed());
    CacheManager reopened = provider.getCacheManager(uri, loader);
    assertNotSame(a, reopened, "a closed manager is replaced by a new one");
    reopened.close();
  }

  @Test
  void creatingAnExistingCacheFailsAndGetChecksTypes() {
    String name = uniqueName();
    manager.createCache(name, config(String.class, Integer.class));
    assertThrows(CacheException.class, () -> manager.createCache(name, config(String.class, Integer.class)));
    assertThrows(ClassCastException.class, () -> manager.getCache(name, String.class, String.class));
    assertEquals(name, manager.getCache(name, String.class, Integer.class).getName());
  }

  @Test
  void closingTheManagerClosesItsCaches() {
    Cache<String, String> cache = stringCache();
    cache.put("k", "v");
    manager.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("k"));
    assertThrows(IllegalStateException.class, () -> manager.getCache("anything"));
  }

  @Test
  void destroyRemovesTheCacheAndItsContents() {
    String name = uniqueName();
    Cache<String, String> cache = manager.createCache(name, config(String.class, String.class));
    cache.put("k", "v");
    manager.destroyCache(name);
    assertTrue(cache.isClosed());
    assertNull(manager.getCache(name, String.class, String.class));
    Cache<String, String> again = manager.createCache(name, config(String.class, String.class));
    assertNull(again.get("k"), "a destroyed cache's entries are gone");
  }

  @Test
  void unwrapReachesLarderTypes() {
    Cache<String, String> cache = stringCache();
    LarderCache<?, ?> larder = cache.unwrap(LarderCache.class);
    assertSame(cache, larder);
    assertSame(cache, cache.unwrap(LarderJCache.class));
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(String.class));
    assertTrue(manager.unwrap(LarderCacheManager.class) != null);
    @SuppressWarnings("unchecked")
    LarderConfiguration<String, String> configuration = cache.getConfiguration(LarderConfiguration.class);
    assertEquals(String.class, configuration.getKeyType());
  }

  @Test
  void configurationIsCopiedAtCreation() {
    LarderConfiguration<String, String> configuration = new LarderConfiguration<>();
    configuration.setTypes(String.class, String.class).setStatisticsEnabled(false);
    Cache<String, String> cache = manager.createCache(uniqueName(), configuration);
    configuration.setStatisticsEnabled(true);
    @SuppressWarnings("unchecked")
    LarderConfiguration<String, String> seen = cache.getConfiguration(LarderConfiguration.class);
    assertTrue(!seen.isStatisticsEnabled(), "changing the caller's object afterwards changes nothing");
  }
}
