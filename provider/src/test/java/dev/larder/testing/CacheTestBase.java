package dev.larder.testing;

import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.management.MBeans;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.spi.CachingProvider;
import javax.management.JMX;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that run real caches: a fresh manager per test, with a manual clock. */
public abstract class CacheTestBase {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  protected final ManualClock clock = new ManualClock();
  protected CachingProvider provider;
  protected CacheManager manager;

  @BeforeEach
  void openManager() {
    provider = Caching.getCachingProvider();
    manager = newManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  /** Returns a new manager with its own URI that reads time from {@link #clock}. */
  protected CacheManager newManager() {
    Properties properties = new Properties();
    properties.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    URI uri = URI.create("test:" + getClass().getSimpleName() + "-" + SEQUENCE.incrementAndGet());
    return provider.getCacheManager(uri, getClass().getClassLoader(), properties);
  }

  /** Returns a proxy of the cache's statistics MXBean, read through the platform MBeanServer. */
  protected static CacheStatisticsMXBean statistics(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), MBeans.objectName(
        cache.getCacheManager().getURI().toString(), cache.getName(), MBeans.Kind.CacheStatistics),
        CacheStatisticsMXBean.class);
  }

  /** Returns a unique cache name. */
  protected static String uniqueName() {
    return "cache-" + SEQUENCE.incrementAndGet();
  }

  /** Returns a typed configuration with the JSR-107 defaults. */
  protected static <K, V> MutableConfiguration<K, V> config(Class<K> keyType, Class<V> valueType) {
    return new MutableConfiguration<K, V>().setTypes(keyType, valueType);
  }

  /** Creates a cache with a unique name. */
  protected <K, V> Cache<K, V> create(MutableConfiguration<K, V> configuration) {
    return manager.createCache(uniqueName(), configuration);
  }

  /** Creates a {@code <String, String>} cache with the default configuration. */
  protected Cache<String, String> stringCache() {
    return create(config(String.class, String.class));
  }

  /** Registers a synchronous listener that wants old values and returns it. */
  protected static <K, V> RecordingListener<K, V> listen(Cache<K, V> cache) {
    RecordingListener<K, V> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfig(listener, null, true));
    return listener;
  }

  /** Returns a listener configuration that hands out the given instances. */
  protected static <K, V> MutableCacheEntryListenerConfiguration<K, V> listenerConfig(
      RecordingListener<K, V> listener, CacheEntryEventFilter<K, V> filter, boolean synchronous) {
    Factory<RecordingListener<K, V>> factory = () -> listener;
    Factory<CacheEntryEventFilter<K, V>> filterFactory = filter == null ? null : () -> filter;
    return new MutableCacheEntryListenerConfiguration<K, V>(factory, filterFactory, true, synchronous);
  }
}
