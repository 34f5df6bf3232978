package dev.larder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.spi.LarderCachingProvider;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import javax.cache.Caching;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/** Larder as Hibernate's second-level cache through hibernate-jcache. */
class HibernateSecondLevelCacheTest {

  /** A cached entity. */
  @Entity(name = "Book")
  @Cacheable
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "books")
  public static class Book {
    @Id
    Long id;
    String title;

    public Book() {}

    Book(Long id, String title) {
      this.id = id;
      this.title = title;
    }
  }

  @Test
  void entitiesAreServedFromLarderAfterTheFirstLoad() {
    Configuration configuration = new Configuration()
        .addAnnotatedClass(Book.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:larder-hibernate;DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        .setProperty("hibernate.cache.use_second_level_cache", "true")
        .setProperty("hibernate.cache.region.factory_class", "jcache")
        .setProperty("hibernate.javax.cache.provider", LarderCachingProvider.class.getName())
        .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
        .setProperty("hibernate.generate_statistics", "true");
    try (SessionFactory sessions = configuration.buildSessionFactory()) {
      sessions.inTransaction(s -> s.persist(new Book(1L, "The Larder")));
      sessions.getCache().evictAllRegions();
      Statistics stats = sessions.getStatistics();
      stats.clear();

      assertEquals("The Larder", sessions.fromSession(s -> s.find(Book.class, 1L).title));
      assertEquals(1, stats.getSecondLevelCacheMissCount(), "the first load goes to the database");
      assertEquals(1, stats.getSecondLevelCachePutCount());
      assertEquals("The Larder", sessions.fromSession(s -> s.find(Book.class, 1L).title));
      assertEquals(1, stats.getSecondLevelCacheHitCount(), "the second load comes from the cache");
      assertTrue(sessions.getCache().containsEntity(Book.class, 1L));

      javax.cache.CacheManager larder = Caching.getCachingProvider(LarderCachingProvider.class.getName()).getCacheManager();
      boolean regionInLarder = false;
      for (String name : larder.getCacheNames()) {
        regionInLarder |= name.endsWith("books");
      }
      assertTrue(regionInLarder, "the 'books' region is a Larder cache: " + larder.getCacheNames());
    }
  }
}
