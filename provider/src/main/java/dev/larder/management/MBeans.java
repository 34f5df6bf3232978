package dev.larder.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer under the names JSR-107 prescribes:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>},
 * where the characters {@code , : = \n} of the URI and name are replaced by {@code .}.
 */
public final class MBeans {

  /** The two kinds of cache MXBean. */
  public enum Kind {
    /** The {@code CacheMXBean}. */
    CacheConfiguration,
    /** The {@code CacheStatisticsMXBean}. */
    CacheStatistics
  }

  private MBeans() {}

  /**
   * Registers a bean, replacing one registered under the same name.
   *
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   * @param kind which bean
   * @param bean the bean
   * @throws CacheException if the MBeanServer refuses it
   */
  public static void register(String managerUri, String cacheName, Kind kind, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(managerUri, cacheName, kind);
    try {
      try {
        server.registerMBean(bean, name);
      } catch (InstanceAlreadyExistsException e) {
        unregister(managerUri, cacheName, kind);
        server.registerMBean(bean, name);
      }
    } catch (JMException e) {
      throw new CacheException("Cache '" + cacheName + "': could not register MXBean " + name + ": " + e, e);
    }
  }

  /**
   * Unregisters a bean; does nothing if none is registered.
   *
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   * @param kind which bean
   * @throws CacheException if the MBeanServer refuses it
   */
  public static void unregister(String managerUri, String cacheName, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(managerUri, cacheName, kind);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to do
    } catch (JMException e) {
      throw new CacheException("Cache '" + cacheName + "': could not unregister MXBean " + name + ": " + e, e);
    }
  }

  /**
   * Returns the object name of a cache's bean.
   *
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   * @param kind which bean
   * @return the name
   */
  public static ObjectName objectName(String managerUri, String cacheName, Kind kind) {
    try {
      return new ObjectName("javax.cache:type=" + kind + ",CacheManager=" + safe(managerUri)
          + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cache '" + cacheName + "': no valid MXBean name: " + e, e);
    }
  }

  private static String safe(String s) {
    return s == null ? "" : s.replaceAll("[,:=\n]", ".");
  }
}
