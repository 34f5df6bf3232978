package dev.larder.it.ctw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.annotation.CacheControl;
import dev.larder.redis.testing.RedisServer;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Cached} over a shared cache, unchanged: the memoized results are in Redis, where another
 * instance (a provider of its own, as another JVM would be) reads them and its writes are seen.
 */
class SharedModeCachedTest {

  private RedisServer server;
  private LarderCachingProvider here;
  private LarderCachingProvider elsewhere;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    here = new LarderCachingProvider();
    elsewhere = new LarderCachingProvider();
  }

  @AfterEach
  void stop() {
    CacheControl.useCacheManager(null);
    try {
      here.close();
      elsewhere.close();
    } finally {
      server.close();
    }
  }

  private CacheManager shared(LarderCachingProvider provider) {
    Properties props = new Properties();
    props.setProperty("larder.mode", "shared");
    props.setProperty("larder.redis.uri", server.uri());
    return provider.getCacheManager(URI.create("urn:larder:annotated"), getClass().getClassLoader(), props);
  }

  @Test
  void cachedMethodsMemoizeInRedisForEveryInstance() {
    CacheControl.useCacheManager(shared(here));
    SharedGreetings greetings = new SharedGreetings();
    assertEquals("hello ann", greetings.greet("ann"));
    assertEquals("hello ann", greetings.greet("ann"));
    assertEquals(1, greetings.calls.get());

    Cache<Object, Object> other = shared(elsewhere).createCache("shared-greetings",
        new javax.cache.configuration.MutableConfiguration<>());
    assertEquals("hello ann", other.get("ann"), "the result is in Redis, for the other instance too");
    other.put("bob", "hi bob, from elsewhere");
    assertEquals("hi bob, from elsewhere", greetings.greet("bob"), "a result another instance stored is a hit");
    assertEquals(1, greetings.calls.get());
  }
}
