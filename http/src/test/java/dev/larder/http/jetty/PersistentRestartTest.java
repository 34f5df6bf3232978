package dev.larder.http.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.engine.ManualClock;
import dev.larder.http.HttpResponseCache;
import dev.larder.http.e2e.Http;
import dev.larder.http.e2e.ServerFixture;
import dev.larder.http.e2e.TestApp;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In persistent mode, stored responses survive a restart of the application, TTLs included. */
class PersistentRestartTest {

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();

  private CacheManager manager() {
    Properties props = new Properties();
    props.setProperty("larder.mode", "persistent");
    props.setProperty("larder.directory", dir.toString());
    props.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    return Caching.getCachingProvider(LarderCachingProvider.class.getName())
        .getCacheManager(URI.create("larder:http-restart"), getClass().getClassLoader(), props);
  }

  @Test
  void storedResponsesSurviveARestartOfTheApplication() throws Exception {
    String firstBody;
    try (CacheManager manager = manager();
        HttpResponseCache cache = HttpResponseCache.create(ServerFixture.config("restart").build(), manager);
        JettyServer server = JettyServer.start(new TestApp(cache))) {
      @SuppressWarnings("unchecked") // Class<LarderConfiguration> cannot carry the type arguments
      LarderConfiguration<String, ?> stored = cache.cache().getConfiguration(LarderConfiguration.class);
      assertEquals(Mode.PERSISTENT, stored.getMode());
      Http http = new Http(server.port());
      HttpResponse<byte[]> miss = http.get("/users/1?fields=name");
      assertEquals("MISS", Http.xCache(miss));
      firstBody = Http.text(miss);
      assertEquals("HIT", Http.xCache(http.get("/users/1?fields=name")));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("restart.db")), "the store file exists");
    }

    clock.advance(Duration.ofSeconds(100));
    try (CacheManager manager = manager();
        HttpResponseCache cache = HttpResponseCache.create(ServerFixture.config("restart").build(), manager)) {
      TestApp app = new TestApp(cache);
      try (JettyServer server = JettyServer.start(app)) {
        Http http = new Http(server.port());
        HttpResponse<byte[]> hit = http.get("/users/1?fields=name");
        assertEquals("HIT", Http.xCache(hit), "served from the file after the restart");
        assertEquals(firstBody, Http.text(hit));
        assertEquals("100", hit.headers().firstValue("Age").orElseThrow());
        assertEquals("larder; hit; ttl=500", Http.cacheStatus(hit), "the entry kept its deadline");
        assertEquals(0, app.servlet().runs("/users/1"), "the restarted application never ran the endpoint");
        clock.advance(Duration.ofSeconds(501));
        assertEquals("MISS", Http.xCache(http.get("/users/1?fields=name")));
        assertEquals(1, app.servlet().runs("/users/1"));
      }
    }
  }
}
