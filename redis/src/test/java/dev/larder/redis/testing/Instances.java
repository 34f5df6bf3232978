package dev.larder.redis.testing;

import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Several "instances" of an application inside one JVM: each a caching provider of its own (so
 * each cache has a store of its own, with its own identity in Redis), all naming the same Redis,
 * namespace and cache manager URI. Closing closes them all; as a JUnit extension ({@code
 * @RegisterExtension}) it closes them after each test.
 */
public final class Instances implements AutoCloseable, AfterEachCallback {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private final List<LarderCachingProvider> providers = new ArrayList<>();
  private String namespace = "test-" + NAMESPACES.incrementAndGet();

  /**
   * Returns a namespace of these instances' own, new for each test when used as an extension.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
    namespace = "test-" + NAMESPACES.incrementAndGet();
  }

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
    providers.clear();
  }
}
