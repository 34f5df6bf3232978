package dev.larder.it;

import dev.larder.spi.LarderCachingProvider;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;
import org.hibernate.cfg.Configuration;

/**
 * A small Hibernate application for the second-level cache tests: authors with a cached collection
 * of books, books with a cached natural id, and a cacheable query, on an in-memory H2 database.
 */
final class Library {

  /** An author; entity region {@code dev.larder.it.Library$Author}, collection region {@code ...$Author.books}. */
  @Entity(name = "Author")
  @Cacheable
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  public static class Author {
    @Id
    Long id;
    String name;
    LocalDate born;
    @OneToMany(mappedBy = "author")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    Set<Book> books = new HashSet<>();

    public Author() {}

    Author(long id, String name, LocalDate born) {
      this.id = id;
      this.name = name;
      this.born = born;
    }
  }

  /** A book with a natural id (its ISBN), cached too. */
  @Entity(name = "Book")
  @Cacheable
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  @NaturalIdCache
  public static class Book {
    @Id
    Long id;
    @NaturalId
    String isbn;
    String title;
    BigDecimal price;
    @ManyToOne
    Author author;

    public Book() {}

    Book(long id, String isbn, String title, BigDecimal price, Author author) {
      this.id = id;
      this.isbn = isbn;
      this.title = title;
      this.price = price;
      this.author = author;
    }
  }

  static final String AUTHOR_REGION = Author.class.getName();
  static final String BOOKS_REGION = Author.class.getName() + ".books";
  static final String BOOK_REGION = Book.class.getName();
  static final String QUERY_REGION = "default-query-results-region";
  static final String TIMESTAMPS_REGION = "default-update-timestamps-region";

  private Library() {}

  /** Hibernate's configuration for a database, with the second-level and query caches on Larder. */
  static Configuration configuration(String database, String schema) {
    return new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.hbm2ddl.auto", schema)
        .setProperty("hibernate.cache.use_second_level_cache", "true")
        .setProperty("hibernate.cache.use_query_cache", "true")
        .setProperty("hibernate.cache.region.factory_class", "jcache")
        .setProperty("hibernate.javax.cache.provider", LarderCachingProvider.class.getName())
        .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
        .setProperty("hibernate.generate_statistics", "true");
  }

  /** Stores one author with two books. */
  static void fill(SessionFactory sessions) {
    sessions.inTransaction(s -> {
      Author author = new Author(1, "Ursula", LocalDate.of(1929, 10, 21));
      s.persist(author);
      s.persist(new Book(10, "978-0441478125", "The Left Hand of Darkness", new BigDecimal("9.99"), author));
      s.persist(new Book(11, "978-0061054884", "The Dispossessed", new BigDecimal("11.50"), author));
    });
  }

  /** Reads the author, the books collection, a book by natural id and the cacheable query. */
  static List<String> readEverything(SessionFactory sessions) {
    return sessions.fromSession(s -> {
      Author author = s.find(Author.class, 1L);
      List<String> seen = new java.util.ArrayList<>();
      seen.add(author.name);
      author.books.stream().map(b -> b.title).sorted().forEach(seen::add);
      seen.add(s.bySimpleNaturalId(Book.class).load("978-0061054884").title);
      s.createQuery("from Book where price > 10", Book.class).setCacheable(true).getResultList()
          .forEach(b -> seen.add("query:" + b.title));
      return seen;
    });
  }
}
