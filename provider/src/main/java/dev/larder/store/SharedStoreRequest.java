package dev.larder.store;

import dev.larder.LarderConfiguration;
import dev.larder.engine.Holder;
import dev.larder.engine.Liveness;
import dev.larder.store.codec.Codec;
import java.util.function.BiConsumer;

/**
 * What a {@link SharedStoreProvider} needs to open the store of one cache.
 *
 * @param cacheName the cache's name
 * @param managerName the cache manager's part of the cache's identity, the same in every instance
 *     that names the manager alike: {@code file:} and the file name for a manager configured by a
 *     file, else the manager's URI; with a suffix for a manager whose class loader is not the
 *     provider's default
 * @param configuration the cache's resolved configuration (mode, shared-mode settings, bound)
 * @param codec encodes keys and values (its type allowlist guards what is decoded)
 * @param liveness the cache's rule for live entries and its clock
 * @param eternal whether the cache's policy never expires entries
 * @param evicted told of each entry the store evicts to respect the cache's bound
 * @param events told of the entries the store expires and of changes made elsewhere
 * @param <K> key type
 * @param <V> stored value type
 */
public record SharedStoreRequest<K, V>(String cacheName, String managerName, LarderConfiguration<K, V> configuration,
    Codec codec, Liveness liveness, boolean eternal, BiConsumer<K, Holder<V>> evicted, StoreExpiry<K, V> events) {}
