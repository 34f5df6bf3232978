package dev.larder.redis.testing;

import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * Several "instances" of an application inside one JVM: each a caching provider of its own (so
 * each cache has a store of its own, with its own identity in Redis), all naming the same Redis,
 * namespace and cache manager URI. Closing closes them all.
 */
public final class Instances implements AutoCloseable {

  private final List<LarderCachingProvider> providers = new ArrayList<>();

  /**
   * Opens a cache manager in shared mode, in a new instance.
   *
   * @param redisUri the Redis
   * @param namespace the namespace
   * @param extra more manager properties, as name, value, name, value...
   * @return the manager
   */
  public CacheManager manager(String redisUri, String namespace, Object... extra) {
    return managerAt("urn:larder:app", redisUri, namespace, extra);
  }

  /**
   * Opens a cache manager of a given URI in shared mode, in a new instance.
   *
   * @param managerUri the manager's URI
   * @param redisUri the Redis
   * @param namespace the namespace
   * @param extra more manager properties, as name, value, name, value...
   * @return the manager
   */
  public CacheManager managerAt(String managerUri, String redisUri, String namespace, Object... extra) {
    Properties props = new Properties();
    props.setProperty("larder.mode", "shared");
    props.setProperty("larder.redis.uri", redisUri);
    props.setProperty("larder.redis.namespace", namespace);
    for (int i = 0; i < extra.length; i += 2) {
      props.put(extra[i], extra[i + 1]);
    }
    LarderCachingProvider provider = new LarderCachingProvider();
    providers.add(provider);
    return provider.getCacheManager(URI.create(managerUri), getClass().getClassLoader(), props);
  }

  @Override
  public void close() {
    for (LarderCachingProvider p : providers) {
      p.close();
    }
  }
}
