package dev.larder.redis;

import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.Codec;
import java.util.function.BiConsumer;

/**
 * What a {@link RedisStore} is opened with.
 *
 * @param cacheName the cache
 * @param managerName the cache manager's part of the cache's identity
 * @param namespace the namespace of the cache's Redis keys
 * @param codec encodes keys and values
 * @param liveness the cache's rule for live entries and its clock
 * @param events told of expiries and of other instances' changes
 * @param evicted told of entries evicted for the bound
 * @param leaseMillis the lease of steps and flights
 * @param maximumSize the cache's bound, or 0
 * @param nearCache the most entries of the near cache, or 0 for none
 * @param <K> key type
 * @param <V> stored value type
 */
record Settings<K, V>(String cacheName, String managerName, String namespace, Codec codec, Liveness liveness,
    StoreExpiry<K, V> events, BiConsumer<K, Holder<V>> evicted, long leaseMillis, long maximumSize,
    int nearCache) {

  /**
   * How long after its deadline an entry that no instance swept is dropped by Redis itself
   * ({@code PEXPIREAT}): a safety net for memory while no instance runs; such an entry sends no
   * EXPIRED event.
   */
  static final long GRACE_MILLIS = 5 * 60_000;
}
