package dev.larder.examples;

import dev.larder.LarderCache;
import dev.larder.LarderCache.Lookup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * The README's 30-second quickstart as a runnable program: finds Larder through the standard
 * {@link Caching} lookup, creates a cache whose entries live ten minutes, and uses it; then shows
 * persistent mode, where a value computed by one run is served from the store by the next.
 *
 * <p>Run it with {@code mvn -B -q -pl provider test-compile exec:java} (see README.md).
 */
public final class Quickstart {

  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    CachingProvider provider = Caching.getCachingProvider();
    try (CacheManager manager = provider.getCacheManager()) {
      MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10)))
          .setStatisticsEnabled(true);
      Cache<String, String> greetings = manager.createCache("greetings", config);

      greetings.put("en", "Hello");
      greetings.put("fr", "Bonjour");
      System.out.println("provider : " + provider.getClass().getName());
      System.out.println("en       : " + greetings.get("en"));
      System.out.println("fr       : " + greetings.get("fr"));
      System.out.println("de       : " + greetings.get("de") + " (never stored)");
      System.out.println("putIfAbsent(en) won: " + greetings.putIfAbsent("en", "Hi"));
      System.out.println("entries  : " + count(greetings) + ", each expiring 10 minutes after it was created");
    }
    persistent(provider);
  }

  /**
   * The same API in persistent mode: a value computed by one run is served from the store file by
   * the next (run the program twice), until its one-day TTL runs out.
   */
  private static void persistent(CachingProvider provider) {
    Properties properties = new Properties();
    properties.setProperty("larder.mode", "persistent");
    properties.setProperty("larder.directory", "larder-data");
    try (CacheManager manager = provider.getCacheManager(URI.create("quickstart"), null, properties)) {
      LarderCache<String, String> reports = LarderCache.of(manager.createCache("reports",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
      Lookup<String> report = reports.lookup("daily", key -> "report computed at " + Instant.now(),
          java.time.Duration.ofDays(1));
      System.out.println();
      System.out.println("persistent cache 'reports' in " + Path.of("larder-data", "quickstart").toAbsolutePath());
      System.out.println("daily    : " + report.value());
      System.out.println(report.cached()
          ? "           served from the store: computed by an earlier run"
          : "           computed now and stored; run the quickstart again to see it served from the store");
    }
  }

  private static int count(Cache<?, ?> cache) {
    int n = 0;
    for (Cache.Entry<?, ?> ignored : cache) {
      n++;
    }
    return n;
  }
}
