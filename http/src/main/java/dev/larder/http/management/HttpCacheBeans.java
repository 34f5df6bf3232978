package dev.larder.http.management;

import dev.larder.http.EndpointConfig;
import dev.larder.http.EndpointStats;
import dev.larder.http.HttpCacheConfigException;
import dev.larder.http.HttpResponseCache;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers an HTTP response cache and its endpoints as MXBeans in the platform MBean server, and
 * unregisters them on close.
 */
public final class HttpCacheBeans {

  private final MBeanServer server;
  private final List<ObjectName> names;

  private HttpCacheBeans(MBeanServer server, List<ObjectName> names) {
    this.server = server;
    this.names = names;
  }

  /**
   * Registers the beans of a cache.
   *
   * @param cache the cache
   * @return the registration, to {@link #unregister()} later
   * @throws HttpCacheConfigException if another open cache of the same name is registered in this JVM
   */
  public static HttpCacheBeans register(HttpResponseCache cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    List<ObjectName> names = new ArrayList<>();
    HttpCacheBeans beans = new HttpCacheBeans(server, names);
    String cacheName = cache.config().cacheName();
    try {
      register(server, names, cacheName(cacheName), new CacheBean(cache));
      for (EndpointConfig e : cache.config().endpoints()) {
        register(server, names, endpointName(cacheName, e.id()), new EndpointBean(cache, e));
      }
    } catch (InstanceAlreadyExistsException e) {
      beans.unregister();
      throw new HttpCacheConfigException("an open larder-http cache named '" + cacheName + "' is already registered"
          + " with JMX in this JVM (" + e.getMessage() + "): close it first, or give this one another"
          + " larder.http.cache-name", e);
    } catch (JMException e) {
      beans.unregister();
      throw new IllegalStateException("could not register the MXBeans of larder-http cache '" + cacheName + "'", e);
    }
    return beans;
  }

  private static void register(MBeanServer server, List<ObjectName> names, ObjectName name, Object bean)
      throws JMException {
    server.registerMBean(bean, name);
    names.add(name);
  }

  /**
   * Returns the name of a cache's bean.
   *
   * @param cacheName the cache's name
   * @return {@code dev.larder.http:type=HttpResponseCache,cache=<quoted name>}
   */
  public static ObjectName cacheName(String cacheName) {
    return name("dev.larder.http:type=HttpResponseCache,cache=" + ObjectName.quote(cacheName));
  }

  /**
   * Returns the name of an endpoint's bean.
   *
   * @param cacheName the cache's name
   * @param endpoint the endpoint's name
   * @return {@code dev.larder.http:type=HttpEndpoint,cache=<quoted name>,endpoint=<name>}
   */
  public static ObjectName endpointName(String cacheName, String endpoint) {
    return name("dev.larder.http:type=HttpEndpoint,cache=" + ObjectName.quote(cacheName) + ",endpoint="
        + ObjectName.quote(endpoint));
  }

  private static ObjectName name(String text) {
    try {
      return new ObjectName(text);
    } catch (JMException e) {
      throw new IllegalArgumentException("not a JMX name: " + text, e);
    }
  }

  /** Unregisters every bean registered; beans already gone are skipped. */
  public void unregister() {
    for (ObjectName name : names) {
      try {
        server.unregisterMBean(name);
      } catch (InstanceNotFoundException gone) {
        // already unregistered
      } catch (JMException e) {
        throw new IllegalStateException("could not unregister " + name, e);
      }
    }
    names.clear();
  }

  private record CacheBean(HttpResponseCache cache) implements HttpResponseCacheMXBean {
    @Override
    public String[] getEndpoints() {
      return cache.endpoints().toArray(new String[0]);
    }

    @Override
    public String getCacheName() {
      return cache.config().cacheName();
    }

    @Override
    public long clearAll() {
      return cache.clearAll();
    }

    @Override
    public long clearEndpoint(String endpoint) {
      return cache.clearEndpoint(endpoint);
    }

    @Override
    public long clearEntry(String pathAndQuery) {
      return cache.clearEntry(pathAndQuery);
    }
  }

  private record EndpointBean(HttpResponseCache cache, EndpointConfig config) implements HttpEndpointMXBean {
    private EndpointStats stats() {
      return cache.stats(config.id());
    }

    @Override
    public String getPath() {
      return config.path().toString();
    }

    @Override
    public long getTtlSeconds() {
      return config.ttl().toSeconds();
    }

    @Override
    public boolean isEnabled() {
      return config.enabled();
    }

    @Override
    public long getHits() {
      return stats().hits();
    }

    @Override
    public long getCollapsed() {
      return stats().collapsed();
    }

    @Override
    public long getMisses() {
      return stats().misses();
    }

    @Override
    public long getRefreshes() {
      return stats().refreshes();
    }

    @Override
    public long getBypasses() {
      return stats().bypassTotal();
    }

    @Override
    public Map<String, Long> getBypassesByReason() {
      return stats().bypasses();
    }

    @Override
    public long getStores() {
      return stats().stores();
    }

    @Override
    public long getStoredBytes() {
      return stats().storedBytes();
    }

    @Override
    public Map<String, Long> getNotStoredByReason() {
      return stats().notStored();
    }

    @Override
    public int getWaiting() {
      return stats().waiting();
    }

    @Override
    public long getEntries() {
      return cache.entries(config.id());
    }

    @Override
    public double getHitRatio() {
      return stats().hitRatio();
    }

    @Override
    public long clear() {
      return cache.clearEndpoint(config.id());
    }
  }
}
