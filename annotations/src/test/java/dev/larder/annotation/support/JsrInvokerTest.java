package dev.larder.annotation.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSR-107 invoker core without weaving: names, keys, exception filters, misuse errors. */
class JsrInvokerTest {

  private final JsrInvoker invoker = new JsrInvoker();
  private final AtomicInteger calls = new AtomicInteger();

  @SuppressWarnings("unused")
  static class Plain {
    @CacheResult String byDefaultName(String a, int b) { return null; }
    @CacheResult(cacheName = "jsr-unit-filter", exceptionCacheName = "jsr-unit-failures",
        nonCachedExceptions = IllegalStateException.class)
    String filtered(String a) { return null; }
    @CacheResult(cacheName = "jsr-unit-keyed", cacheKeyGenerator = UpperCaseKeys.class)
    String customKeys(@CacheKey String a, String ignored) { return null; }
    @CachePut(cacheName = "jsr-unit-bad") void noValue(String a) {}
    @CachePut(cacheName = "jsr-unit-bad") void twoValues(@CacheValue String a, @CacheValue String b) {}
    @CacheResult @CacheRemove void twoAnnotations(String a) {}
  }

  @CacheDefaults(cacheName = "jsr-unit-defaults")
  @SuppressWarnings("unused")
  static class WithDefaults {
    @CacheResult String read(String a) { return null; }
    @CacheResult(cacheName = "jsr-unit-own") String own(String a) { return null; }
  }

  /** A key generator named on an annotation. */
  public static final class UpperCaseKeys implements CacheKeyGenerator {
    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
      return CompositeKey.of(String.valueOf(context.getKeyParameters()[0].getValue()).toUpperCase());
    }
  }

  @AfterEach
  void cleanUp() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    for (String name : manager.getCacheNames()) {
      if (name.startsWith("jsr-unit") || name.contains("JsrInvokerTest")) {
        manager.destroyCache(name);
      }
    }
  }

  private static Method method(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private Object call(Class<?> type, String name, Invocation body, Object... args) throws Throwable {
    return invoker.invoke(invoker.describe(method(type, name)), null, args, body);
  }

  private Invocation counting(Object result) {
    return () -> {
      calls.incrementAndGet();
      return result;
    };
  }

  @Test
  void cacheNamesComeFromTheAnnotationThenCacheDefaultsThenTheSpecsDefault() {
    assertEquals("dev.larder.annotation.support.JsrInvokerTest$Plain.byDefaultName(java.lang.String,int)",
        invoker.describe(method(Plain.class, "byDefaultName")).cacheName());
    assertEquals("jsr-unit-defaults", invoker.describe(method(WithDefaults.class, "read")).cacheName());
    assertEquals("jsr-unit-own", invoker.describe(method(WithDefaults.class, "own")).cacheName());
  }

  @Test
  void resultsAreCachedUnderAGeneratedKeyOfAllParameters() throws Throwable {
    assertEquals("x", call(Plain.class, "byDefaultName", counting("x"), "a", 1));
    assertEquals("x", call(Plain.class, "byDefaultName", counting("y"), "a", 1));
    assertEquals("z", call(Plain.class, "byDefaultName", counting("z"), "a", 2));
    assertEquals(2, calls.get());
    Cache<Object, Object> cache = Caching.getCachingProvider().getCacheManager()
        .getCache(invoker.describe(method(Plain.class, "byDefaultName")).cacheName());
    assertEquals("x", cache.get(CompositeKey.of("a", 1)));
  }

  @Test
  void aNamedKeyGeneratorIsUsed() throws Throwable {
    call(Plain.class, "customKeys", counting("v"), "abc", "whatever");
    assertEquals("v", call(Plain.class, "customKeys", counting("other"), "ABC", "else"));
    assertEquals(1, calls.get());
  }

  @Test
  void exceptionsAreCachedUnlessExcluded() throws Throwable {
    Invocation failsWithArgument = () -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("bad");
    };
    assertThrows(IllegalArgumentException.class, () -> call(Plain.class, "filtered", failsWithArgument, "k"));
    assertThrows(IllegalArgumentException.class, () -> call(Plain.class, "filtered", counting("never"), "k"));
    assertEquals(1, calls.get());

    Invocation failsWithState = () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("excluded");
    };
    assertThrows(IllegalStateException.class, () -> call(Plain.class, "filtered", failsWithState, "j"));
    assertEquals("ok", call(Plain.class, "filtered", counting("ok"), "j"));
    assertEquals(3, calls.get());
  }

  @Test
  void theSpecsExceptionFilter() {
    @SuppressWarnings("unchecked")
    Class<? extends Throwable>[] none = new Class[0];
    @SuppressWarnings("unchecked")
    Class<? extends Throwable>[] runtime = new Class[] {RuntimeException.class};
    @SuppressWarnings("unchecked")
    Class<? extends Throwable>[] state = new Class[] {IllegalStateException.class};
    assertTrue(JsrInvoker.matches(new Exception(), none, none, true));
    assertFalse(JsrInvoker.matches(new Exception(), none, none, false));
    assertTrue(JsrInvoker.matches(new IllegalArgumentException(), runtime, state, false));
    assertFalse(JsrInvoker.matches(new IllegalStateException(), runtime, state, true));
    assertFalse(JsrInvoker.matches(new Exception(), runtime, none, true));
  }

  @Test
  void misusesAreClearErrors() {
    IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
        () -> invoker.describe(method(Plain.class, "noValue")));
    assertTrue(noValue.getMessage().contains("@CacheValue") && noValue.getMessage().contains("noValue"),
        noValue.getMessage());
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> invoker.describe(method(Plain.class, "twoValues")));
    assertTrue(two.getMessage().contains("twoValues"), two.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> invoker.describe(method(Plain.class, "twoAnnotations")));
    assertTrue(both.getMessage().contains("twoAnnotations"), both.getMessage());
  }

  @Test
  void metadataIsBuiltOncePerMethod() {
    Method m = method(Plain.class, "byDefaultName");
    assertSame(invoker.describe(m), invoker.describe(m));
  }
}
