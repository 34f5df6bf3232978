package dev.larder.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.larder.Encoding;
import dev.larder.LarderCache;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The stored value type, and that persistent caches keep it through a reopen with either encoding. */
class CachedResponseTest {

  private static final CachedResponse SAMPLE = new CachedResponse(200, "application/json;charset=UTF-8",
      List.of("ETag", "\"v1\"", "Vary", "Accept"), new byte[] {0, 1, (byte) 0xff, '{'}, 1_000, 601_000);

  @Test
  void sizeCountsStatusHeadersAndBody() {
    assertEquals(4 + 4 + "application/json;charset=UTF-8".length() + "ETag\"v1\"VaryAccept".length(), SAMPLE.size());
    assertEquals("Accept", SAMPLE.header("vary"));
    assertNull(SAMPLE.header("Age"));
    assertEquals(9, SAMPLE.ageSeconds(10_999));
    assertEquals(590, SAMPLE.ttlSeconds(10_999));
    assertEquals(0, SAMPLE.ttlSeconds(700_000));
  }

  @Test
  void equalityComparesTheBodysBytes() {
    CachedResponse copy = new CachedResponse(200, SAMPLE.contentType(), SAMPLE.headers(), SAMPLE.body().clone(), 1_000, 601_000);
    assertEquals(SAMPLE, copy);
    assertEquals(SAMPLE.hashCode(), copy.hashCode());
    assertNotEquals(SAMPLE, new CachedResponse(200, SAMPLE.contentType(), SAMPLE.headers(), new byte[] {1}, 1_000, 601_000));
    assertThrows(IllegalArgumentException.class, () -> new CachedResponse(200, null, List.of("lonely"), new byte[0], 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void aPersistentCacheKeepsResponsesAcrossAReopen(Encoding encoding, @TempDir Path dir) {
    CachingProvider provider = Caching.getCachingProvider(LarderCachingProvider.class.getName());
    URI uri = URI.create("larder:cached-response-" + encoding);
    LarderConfiguration<String, CachedResponse> config = new LarderConfiguration<String, CachedResponse>()
        .setMode(Mode.PERSISTENT).setDirectory(dir.toString()).setEncoding(encoding);
    config.setTypes(String.class, CachedResponse.class);
    try (CacheManager m = provider.getCacheManager(uri, getClass().getClassLoader())) {
      LarderCache.of(m.createCache("responses", config)).put("lh1|e|/x?|", SAMPLE, Duration.ofMinutes(10));
    }
    try (CacheManager m = provider.getCacheManager(uri, getClass().getClassLoader())) {
      CachedResponse back = m.createCache("responses", config).get("lh1|e|/x?|");
      assertEquals(SAMPLE, back);
      assertArrayEquals(SAMPLE.body(), back.body());
      assertEquals(SAMPLE.headers(), back.headers());
    }
  }
}
