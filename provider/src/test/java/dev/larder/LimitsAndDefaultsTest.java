package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-cache defaults and limits of LarderConfiguration: defaultTtl, maxKeyBytes, maxValueBytes. */
class LimitsAndDefaultsTest {

  private final ManualClock clock = new ManualClock();
  private CacheManager manager;

  @BeforeEach
  void setUp() {
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    manager = new LarderCachingProvider().getCacheManager(URI.create("test:LimitsAndDefaultsTest"),
        getClass().getClassLoader(), properties);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void defaultTtlAppliesWhenNothingElseSetsOne() {
    Cache<String, String> cache = manager.createCache("d", new LarderConfiguration<String, String>()
        .setDefaultTtl(Duration.ofMinutes(5)));
    LarderCache<String, String> larder = LarderCache.of(cache);
    cache.put("plain", "v");
    larder.put("explicit", "v", Duration.ofMinutes(20));
    clock.advance(Duration.ofMinutes(5));
    assertNull(cache.get("plain"));
    assertEquals("v", cache.get("explicit"));
  }

  @Test
  void anExplicitExpiryPolicyWinsOverTheDefaultTtl() {
    LarderConfiguration<String, String> config = new LarderConfiguration<>();
    config.setDefaultTtl(Duration.ofMinutes(5));
    config.setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.HOURS, 1)));
    Cache<String, String> cache = manager.createCache("p", config);
    cache.put("k", "v");
    clock.advance(Duration.ofMinutes(30));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void configurationIsCopiedWithItsLarderSettings() {
    LarderConfiguration<String, String> config = new LarderConfiguration<String, String>()
        .setDefaultTtl(Duration.ofSeconds(7)).setMaxKeyBytes(10).setMaxValueBytes(20);
    Cache<String, String> cache = manager.createCache("copy", config);
    config.setMaxValueBytes(999);
    @SuppressWarnings("unchecked")
    LarderConfiguration<String, String> kept = cache.getConfiguration(LarderConfiguration.class);
    assertEquals(Duration.ofSeconds(7), kept.getDefaultTtl());
    assertEquals(10, kept.getMaxKeyBytes());
    assertEquals(20, kept.getMaxValueBytes());
  }

  @Test
  void anOversizeValueFailsNamingCacheAndKeyAndStoresNothing() {
    RecordingWriter.WRITES.clear();
    LarderConfiguration<String, String> config = new LarderConfiguration<String, String>().setMaxValueBytes(10);
    config.setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class));
    Cache<String, String> cache = manager.createCache("limited", config);
    SizeLimitExceededException e = assertThrows(SizeLimitExceededException.class,
        () -> cache.put("user:1", "x".repeat(11)));
    assertTrue(e.getMessage().contains("'limited'"), e.getMessage());
    assertTrue(e.getMessage().contains("'user:1'"), e.getMessage());
    assertTrue(e.getMessage().contains("11 bytes"), e.getMessage());
    assertEquals(11, e.getSize());
    assertEquals(10, e.getLimit());
    assertFalse(cache.containsKey("user:1"));
    assertTrue(RecordingWriter.WRITES.isEmpty());
    cache.put("user:1", "x".repeat(10));
    assertEquals(List.of("user:1"), RecordingWriter.WRITES);
  }

  @Test
  void everyWritePathChecksTheLimits() {
    Cache<String, String> cache = manager.createCache("all-paths",
        new LarderConfiguration<String, String>().setMaxValueBytes(3).setMaxKeyBytes(4));
    LarderCache<String, String> larder = LarderCache.of(cache);
    String big = "long";
    cache.put("k", "ok");
    assertThrows(SizeLimitExceededException.class, () -> cache.put("12345", "ok"));
    assertThrows(SizeLimitExceededException.class, () -> cache.getAndPut("k", big));
    assertThrows(SizeLimitExceededException.class, () -> cache.putIfAbsent("n", big));
    assertThrows(SizeLimitExceededException.class, () -> cache.replace("k", big));
    assertThrows(SizeLimitExceededException.class, () -> cache.replace("k", "ok", big));
    assertThrows(SizeLimitExceededException.class, () -> cache.getAndReplace("k", big));
    assertThrows(SizeLimitExceededException.class, () -> cache.putAll(Map.of("a", "ok", "b", big)));
    assertThrows(SizeLimitExceededException.class,
        () -> cache.invoke("k", (entry, args) -> { entry.setValue(big); return null; }));
    assertThrows(SizeLimitExceededException.class, () -> larder.put("k", big, Duration.ofSeconds(1)));
    assertThrows(SizeLimitExceededException.class, () -> larder.getOrCompute("c", k -> big));
    assertThrows(SizeLimitExceededException.class, () -> larder.merge("k", big, (a, b) -> b, null));
    assertEquals("ok", cache.get("k"));
    assertFalse(cache.containsKey("a"));
    assertFalse(cache.containsKey("c"));
  }

  @Test
  void limitsMustNotBeNegative() {
    assertThrows(IllegalArgumentException.class, () -> new LarderConfiguration<>().setMaxKeyBytes(-1));
    assertThrows(IllegalArgumentException.class, () -> new LarderConfiguration<>().setDefaultTtl(Duration.ZERO));
  }

  /** Records the keys it is asked to write. */
  public static final class RecordingWriter implements CacheWriter<String, String> {
    static final List<String> WRITES = new ArrayList<>();

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      WRITES.add(entry.getKey());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.forEach(this::write);
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }
}
