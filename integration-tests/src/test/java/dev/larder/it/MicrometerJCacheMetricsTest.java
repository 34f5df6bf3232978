package dev.larder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.larder.spi.LarderCachingProvider;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** Micrometer's JCacheMetrics reads Larder's statistics through JMX. */
class MicrometerJCacheMetricsTest {

  @Test
  void jcacheMetricsSeeHitsMissesAndPuts() {
    try (CacheManager manager = new LarderCachingProvider().getCacheManager(URI.create("urn:larder:micrometer"), null)) {
      Cache<String, String> cache = manager.createCache("metered",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      JCacheMetrics.monitor(registry, cache);

      cache.put("a", "1");
      cache.put("b", "2");
      cache.get("a");
      cache.get("a");
      cache.get("missing");
      cache.remove("b");

      assertEquals(2.0, registry.get("cache.gets").tag("result", "hit").functionCounter().count());
      assertEquals(1.0, registry.get("cache.gets").tag("result", "miss").functionCounter().count());
      assertEquals(2.0, registry.get("cache.puts").functionCounter().count());
      assertEquals(1.0, registry.get("cache.removals").gauge().value());
    }
  }
}
