package dev.larder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The documented region defaults (docs/hibernate.md, the file larder-hibernate.properties): each
 * kind of region gets its ttl and size, and they behave so, with a manual clock.
 */
class HibernateRegionDefaultsTest {

  static String resource(String name) {
    try (InputStream in = HibernateRegionDefaultsTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theDocumentedFilesAreTheTestedOnes() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "hibernate.md"));
    String volatileFile = resource("larder-hibernate.properties");
    String persistentFile = resource("larder-hibernate-persistent.properties");
    assertTrue(doc.contains(volatileFile), "docs/hibernate.md shows larder-hibernate.properties verbatim");
    assertTrue(persistentFile.startsWith(volatileFile));
    assertTrue(doc.contains(persistentFile.substring(volatileFile.length()).strip()),
        "docs/hibernate.md shows the persistent additions verbatim");
  }

  @Test
  void theHibernatePresetNamesClassesOfTheHibernateOnTheClasspath() {
    for (String name : dev.larder.config.TypePresets.expand(dev.larder.config.TypePresets.HIBERNATE)) {
      try {
        Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError("@hibernate names " + name + ", which Hibernate " + org.hibernate.Version.getVersionString()
            + " does not have", e);
      }
    }
  }

  @Test
  void entityCollectionQueryAndTimestampRegionsGetTheirTtlsAndSizes() {
    ManualClock clock = new ManualClock();
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    LarderCachingProvider provider = new LarderCachingProvider();
    try (CacheManager larder = provider.getCacheManager(URI.create("classpath:larder-hibernate.properties"),
        getClass().getClassLoader(), properties);
        SessionFactory sessions = withManager(Library.configuration("regions-volatile", "create-drop"), larder)
            .buildSessionFactory()) {
      Library.fill(sessions);
      sessions.getCache().evictAllRegions();
      List<String> first = Library.readEverything(sessions);
      Statistics stats = sessions.getStatistics();
      stats.clear();

      assertRegion(larder, Library.AUTHOR_REGION, Duration.ofHours(1), 10_000);
      assertRegion(larder, Library.BOOKS_REGION, Duration.ofHours(1), 10_000);
      assertRegion(larder, Library.QUERY_REGION, Duration.ofMinutes(10), 10_000);
      assertRegion(larder, Library.TIMESTAMPS_REGION, null, 0);
      assertEquals(Mode.VOLATILE, config(larder, Library.AUTHOR_REGION).getMode());

      assertEquals(first, Library.readEverything(sessions));
      assertEquals(0, stats.getSecondLevelCacheMissCount(), "everything came from the regions");
      assertEquals(1, stats.getQueryCacheHitCount());

      clock.advance(Duration.ofMinutes(11));
      stats.clear();
      assertEquals(first, Library.readEverything(sessions));
      assertEquals(1, stats.getQueryCacheMissCount(), "query results expire after 10 minutes");
      assertEquals(0, stats.getSecondLevelCacheMissCount(), "entities and collections live an hour");

      clock.advance(Duration.ofMinutes(50));
      stats.clear();
      assertEquals(first, Library.readEverything(sessions));
      assertTrue(stats.getSecondLevelCacheMissCount() >= 2, "after an hour the author and the collection expired: "
          + stats.getSecondLevelCacheMissCount());
      assertTrue(larder.getCache(Library.TIMESTAMPS_REGION).iterator().hasNext(), "update timestamps never expire");
    } finally {
      provider.close();
    }
  }

  /** Hands Hibernate a cache manager the test opened (with a manual clock) instead of a URI. */
  private static org.hibernate.cfg.Configuration withManager(org.hibernate.cfg.Configuration configuration,
      CacheManager larder) {
    configuration.getProperties().put("hibernate.javax.cache.cache_manager", larder);
    return configuration;
  }

  static LarderConfiguration<?, ?> config(CacheManager larder, String region) {
    return larder.getCache(region).getConfiguration(LarderConfiguration.class);
  }

  static void assertRegion(CacheManager larder, String region, Duration ttl, long maximumSize) {
    LarderConfiguration<?, ?> config = config(larder, region);
    if (ttl == null) {
      assertNull(config.getDefaultTtl(), region);
    } else {
      assertEquals(ttl, config.getDefaultTtl(), region);
    }
    assertEquals(maximumSize, config.getMaximumSize(), region);
  }
}
