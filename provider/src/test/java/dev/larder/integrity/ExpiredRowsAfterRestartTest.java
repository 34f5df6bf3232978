package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.jcache.LarderJCache;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: rows that expired while the process was down are reclaimed within seconds of
 * the next open, however many there are, with EXPIRED events for listeners that want them.
 */
class ExpiredRowsAfterRestartTest {

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();
  private LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private Cache<Integer, String> open() {
    Properties p = new Properties();
    p.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    CacheManager manager = provider.getCacheManager(URI.create("larder:expired-rows"), null, p);
    LarderConfiguration<Integer, String> config = new LarderConfiguration<>();
    config.setTypes(Integer.class, String.class);
    config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 300)));
    config.setMode(Mode.PERSISTENT).setDirectory(dir.toString());
    Cache<Integer, String> cache = manager.getCache("rows", Integer.class, String.class);
    return cache != null ? cache : manager.createCache("rows", config);
  }

  private long rows() throws Exception {
    Path file;
    try (var files = Files.walk(dir)) {
      file = files.filter(f -> f.getFileName().toString().equals("rows.db")).findFirst().orElseThrow();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entries")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void everyRowThatExpiredWhileClosedIsReclaimedSoonAfterOpening() throws Exception {
    Cache<Integer, String> cache = open();
    for (int i = 0; i < 3_000; i++) {
      cache.put(i, "v" + i);
    }
    provider.close();
    assertEquals(3_000, rows());
    clock.advance(java.time.Duration.ofSeconds(1));
    provider = new LarderCachingProvider();
    LarderJCache<Integer, String> reopened = (LarderJCache<Integer, String>) open();
    List<Long> counts = new ArrayList<>();
    // ten maintenance cycles: one second of background time
    for (int cycle = 0; cycle < 10 && (counts.isEmpty() || counts.get(counts.size() - 1) > 0); cycle++) {
      reopened.runMaintenance();
      counts.add(rows());
    }
    assertEquals(0, counts.get(counts.size() - 1), "rows left after each cycle: " + counts);
  }

  @Test
  void liveRowsSurviveTheReclaimAndExpireOnTheirOwnDeadline() throws Exception {
    Cache<Integer, String> cache = open();
    for (int i = 0; i < 2_000; i++) {
      cache.put(i, "v" + i);
    }
    clock.advance(java.time.Duration.ofMillis(200));
    for (int i = 2_000; i < 2_100; i++) {
      cache.put(i, "late" + i); // these live until 500 ms
    }
    provider.close();
    clock.advance(java.time.Duration.ofMillis(150)); // now 350 ms: the first 2,000 are dead, the last 100 live
    provider = new LarderCachingProvider();
    LarderJCache<Integer, String> reopened = (LarderJCache<Integer, String>) open();
    for (int cycle = 0; cycle < 5; cycle++) {
      reopened.runMaintenance();
    }
    assertEquals(100, rows());
    assertEquals("late2050", reopened.get(2_050));
    clock.advance(java.time.Duration.ofMillis(200));
    for (int cycle = 0; cycle < 5; cycle++) {
      reopened.runMaintenance();
    }
    assertEquals(0, rows());
    assertTrue(reopened.get(2_050) == null);
  }
}
