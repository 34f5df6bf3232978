package dev.larder.redis;

import dev.larder.LarderConfiguration;
import dev.larder.store.SharedStoreProvider;
import dev.larder.store.SharedStoreRequest;
import dev.larder.store.Store;
import io.lettuce.core.RedisException;
import javax.cache.CacheException;

/**
 * Shared mode on Redis: the {@link SharedStoreProvider} that the provider finds through {@link
 * java.util.ServiceLoader} when this module ({@code larder-redis}) is on the classpath.
 */
public final class RedisStoreProvider implements SharedStoreProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} does. */
  public RedisStoreProvider() {}

  @Override
  public <K, V> Store<K, V> open(SharedStoreRequest<K, V> request) {
    LarderConfiguration<K, V> config = request.configuration();
    Endpoint endpoint = Endpoint.of(request.cacheName(), config.getRedisUri(), config.getRedisTrustStore(),
        config.getRedisTimeout());
    Link link;
    try {
      link = Link.acquire(endpoint);
    } catch (RedisException e) {
      throw new CacheException("Cache '" + request.cacheName() + "': Redis at " + endpoint + " cannot be reached: "
          + endpoint.scrub(String.valueOf(e.getMessage())) + (e.getCause() == null ? ""
          : " (" + endpoint.scrub(String.valueOf(e.getCause().getMessage())) + ")"));
    }
    try {
      return new RedisStore<>(new Settings<>(request.cacheName(), request.managerName(), config.getRedisNamespace(),
          request.codec(), request.liveness(), request.events(), request.evicted(), config.getRedisLease().toMillis(),
          config.getMaximumSize(), config.getRedisNearCache() == null ? 0 : config.getRedisNearCache()), link);
    } catch (RuntimeException | Error e) {
      link.release();
      throw e;
    }
  }
}
