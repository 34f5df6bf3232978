package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.spi.LarderCachingProvider;
import java.io.File;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 5: closing the provider stops every thread Larder started, so a redeploy does not
 * leak the class loader; using Larder again afterwards starts them again.
 */
class ProviderThreadsTest {

  private static Set<Thread> larderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("larder-"))
        .collect(Collectors.toSet());
  }

  /** An asynchronous listener, so that the event threads start too. */
  public static final class Created implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> { });
    }
  }

  private static void use(CacheManager manager, String name) {
    MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(Created.class), null, false, false));
    Cache<String, String> cache = manager.createCache(name, config);
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
  }

  @Test
  void closingTheProviderStopsItsThreadsAndUsingItAgainRestartsThem() throws Exception {
    Set<Thread> before = larderThreads();
    LarderCachingProvider provider = new LarderCachingProvider();
    use(provider.getCacheManager(URI.create("larder:threads"), null), "first");
    Set<Thread> started = larderThreads();
    started.removeAll(before);
    assertTrue(!started.isEmpty(), "a cache with a system clock and an async listener runs threads");
    provider.close();
    for (Thread t : started) {
      t.join(TimeUnit.SECONDS.toMillis(5));
      assertTrue(!t.isAlive(), t.getName() + " still runs after the provider closed");
    }
    use(provider.getCacheManager(URI.create("larder:threads"), null), "again");
    Set<Thread> restarted = larderThreads();
    restarted.removeAll(before);
    assertTrue(!restarted.isEmpty(), "the threads start again on use");
    provider.close();
  }

  @Test
  void aClosedProviderLeavesItsClassLoaderCollectable() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("cache-api") || entry.endsWith("provider" + File.separator + "target" + File.separator + "classes")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    assertEquals(2, urls.size(), "cache-api and the provider's classes: " + urls);
    ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
    WeakReference<ClassLoader> ref = runInOwnLoader(urls, collected);
    boolean gone = false;
    for (int i = 0; i < 50 && !gone; i++) {
      System.gc();
      gone = collected.remove(100) == ref;
    }
    assertTrue(gone, "a redeployed application's class loader must be collectable after provider.close()");
    assertNull(ref.get());
  }

  private static WeakReference<ClassLoader> runInOwnLoader(List<URL> urls, ReferenceQueue<ClassLoader> queue)
      throws Exception {
    URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Thread thread = new Thread(() -> {
      try {
        Class<?> caching = Class.forName("javax.cache.Caching", true, loader);
        Object provider = caching.getMethod("getCachingProvider", String.class, ClassLoader.class)
            .invoke(null, "dev.larder.spi.LarderCachingProvider", loader);
        Object manager = provider.getClass().getMethod("getCacheManager").invoke(provider);
        Class<?> configClass = Class.forName("javax.cache.configuration.MutableConfiguration", true, loader);
        Object config = configClass.getConstructor().newInstance();
        Class<?> policy = Class.forName("javax.cache.expiry.CreatedExpiryPolicy", true, loader);
        Class<?> durationClass = Class.forName("javax.cache.expiry.Duration", true, loader);
        Object duration = durationClass.getField("ONE_HOUR").get(null);
        Object factory = policy.getMethod("factoryOf", durationClass).invoke(null, duration);
        configClass.getMethod("setExpiryPolicyFactory", Class.forName("javax.cache.configuration.Factory", true, loader))
            .invoke(config, factory);
        Method create = manager.getClass().getMethod("createCache", String.class,
            Class.forName("javax.cache.configuration.Configuration", true, loader));
        Object cache = create.invoke(manager, "leak-check", config);
        cache.getClass().getMethod("put", Object.class, Object.class).invoke(cache, "k", "v");
        provider.getClass().getMethod("close").invoke(provider);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }, "test-redeploy");
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join();
    loader.close();
    return new WeakReference<>(loader, queue);
  }
}
