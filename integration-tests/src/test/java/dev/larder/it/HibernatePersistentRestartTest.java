package dev.larder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Encoding;
import dev.larder.LarderCache;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate's second-level and query caches in persistent mode across an application restart: the
 * second session factory (a new Larder cache manager, memory empty) serves entities, a collection,
 * a natural id and a query result from the store files, and none of them from the database, whose
 * rows were changed behind Hibernate's back in between.
 */
class HibernatePersistentRestartTest {

  @TempDir
  Path dir;

  @Test
  void regionsServeFromTheirStoreFilesAfterARestart() throws Exception {
    String documented = HibernateRegionDefaultsTest.resource("larder-hibernate-persistent.properties");
    Path file = dir.resolve("larder-hibernate.properties");
    Files.writeString(file, documented.replace("default.directory = /var/lib/app/hibernate-cache",
        "default.directory = " + dir.resolve("data")));
    String uri = file.toUri().toString();

    List<String> before;
    CacheManager firstManager;
    try (SessionFactory sessions = Library.configuration("restart", "create")
        .setProperty("hibernate.javax.cache.uri", uri).buildSessionFactory()) {
      Library.fill(sessions);
      sessions.getCache().evictAllRegions();
      before = Library.readEverything(sessions);   // fills the regions
      Library.readEverything(sessions);
      firstManager = larder(uri);
      assertEquals(Mode.PERSISTENT, HibernateRegionDefaultsTest.config(firstManager, Library.AUTHOR_REGION).getMode());
      assertEquals(Encoding.JAVA_SERIALIZATION,
          HibernateRegionDefaultsTest.config(firstManager, Library.BOOKS_REGION).getEncoding());
      HibernateRegionDefaultsTest.assertRegion(firstManager, Library.QUERY_REGION, Duration.ofMinutes(10), 10_000);
      HibernateRegionDefaultsTest.assertRegion(firstManager, Library.TIMESTAMPS_REGION, null, 0);
    }
    assertTrue(firstManager.isClosed(), "closing the session factory closed Larder's manager: memory is gone");

    // while the application is down, the database changes without Hibernate knowing
    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:restart;DB_CLOSE_DELAY=-1");
        Statement sql = db.createStatement()) {
      assertEquals(1, sql.executeUpdate("UPDATE Author SET name = 'changed in the database' WHERE id = 1"));
      assertEquals(2, sql.executeUpdate("UPDATE Book SET title = 'changed in the database'"));
    }

    try (SessionFactory sessions = Library.configuration("restart", "none")
        .setProperty("hibernate.javax.cache.uri", uri).buildSessionFactory()) {
      Statistics stats = sessions.getStatistics();
      assertEquals(before, Library.readEverything(sessions), "served from the persisted regions, not the database");
      assertEquals(0, stats.getSecondLevelCacheMissCount());
      assertTrue(stats.getSecondLevelCacheHitCount() >= 4, "author, collection, books: " + stats.getSecondLevelCacheHitCount());
      assertEquals(1, stats.getQueryCacheHitCount(), "the query result survived too");
      assertEquals(0, stats.getQueryCacheMissCount());
      CacheManager secondManager = larder(uri);
      assertTrue(secondManager != firstManager, "a new cache manager, whose memory started empty");
      assertEquals(2, LarderCache.of(secondManager.getCache(Library.BOOK_REGION)).metrics().entryCount(),
          "the books' entries are in the reopened store file");
      // (whether the author came through a point read or the background expiry's walk of the file's
      // rows depends on timing; either way it came from the file, not the changed database)
    }
  }

  /** The Larder manager Hibernate opened for a configuration URI (the provider's default class loader). */
  private static CacheManager larder(String uri) {
    var provider = Caching.getCachingProvider(LarderCachingProvider.class.getName());
    return provider.getCacheManager(URI.create(uri), provider.getDefaultClassLoader());
  }
}
