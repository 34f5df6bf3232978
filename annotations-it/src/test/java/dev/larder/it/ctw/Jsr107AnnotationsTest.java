package dev.larder.it.ctw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.cache.Cache;
import javax.cache.Caching;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSR-107 annotations, woven at build time; the TCK never tests @CachePut, so this does. */
class Jsr107AnnotationsTest {

  private final Jsr107Blog blog = new Jsr107Blog();

  @BeforeEach
  void clean() {
    blog.deleteAll();
  }

  private static Cache<Object, Object> posts() {
    return Caching.getCachingProvider().getCacheManager().getCache("ctw-posts");
  }

  @Test
  void cacheResultUsesCacheDefaultsAndTheCacheKeyParameter() {
    blog.store.put("t", "body");
    assertEquals("body", blog.read("t", "en"));
    blog.store.put("t", "changed");
    assertEquals("body", blog.read("t", "fr"), "the locale is not part of the key");
    assertEquals(1, blog.reads.get());
  }

  @Test
  void nullResultsAreNotCached() {
    assertNull(blog.read("missing", "en"));
    blog.store.put("missing", "now here");
    assertEquals("now here", blog.read("missing", "en"));
  }

  @Test
  void cachePutStoresTheValueAfterTheMethod() {
    blog.write("t", "v1");
    assertEquals("v1", blog.read("t", "en"));
    assertEquals(0, blog.reads.get(), "served by the put, not by the method");
  }

  @Test
  void cachePutBeforeInvocationStoresEvenIfTheMethodFails() {
    assertThrows(IllegalStateException.class, () -> blog.writeFirst("early", "v"));
    assertEquals("v", blog.read("early", "en"));
    assertEquals(0, blog.reads.get());
  }

  @Test
  void cachePutOnFailureOnlyForCacheFor() {
    assertThrows(UnsupportedOperationException.class, () -> blog.writeFailing("a", "kept", true));
    assertThrows(IllegalStateException.class, () -> blog.writeFailing("b", "dropped", false));
    Cache<Object, Object> posts = posts();
    assertEquals("kept", posts.get(dev.larder.annotation.support.CompositeKey.of("a", true)));
    assertNull(posts.get(dev.larder.annotation.support.CompositeKey.of("b", false)));
  }

  @Test
  void cacheRemoveAndRemoveAll() {
    blog.write("a", "1");
    blog.write("b", "2");
    blog.delete("a");
    blog.store.put("a", "fresh");
    assertEquals("fresh", blog.read("a", "en"));
    assertEquals("2", blog.read("b", "en"));
    blog.deleteAll();
    blog.store.put("b", "fresh-b");
    assertEquals("fresh-b", blog.read("b", "en"));
  }

  @Test
  void exceptionCacheKeepsOnlyTheListedExceptions() {
    assertThrows(IllegalArgumentException.class, () -> blog.check(""));
    assertThrows(IllegalArgumentException.class, () -> blog.check(""));
    assertEquals(1, blog.reads.get(), "the second failure came from the exception cache");
    assertThrows(IllegalStateException.class, () -> blog.check("x"));
    assertThrows(IllegalStateException.class, () -> blog.check("x"));
    assertEquals(3, blog.reads.get());
  }

  @Test
  void skipGetAlwaysRunsAndRefreshes() {
    blog.store.put("t", "v1");
    assertEquals("v1", blog.read("t", "en"));
    blog.store.put("t", "v2");
    assertEquals("v2", blog.reload("t"));
    assertEquals("v2", blog.read("t", "en"));
    assertEquals(2, blog.reads.get());
  }
}
