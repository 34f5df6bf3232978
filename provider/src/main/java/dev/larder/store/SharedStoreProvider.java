package dev.larder.store;

/**
 * Opens the stores of caches in {@linkplain dev.larder.Mode#SHARED shared mode}: the seam between
 * the provider and the module that implements that mode ({@code larder-redis}), found through
 * {@link java.util.ServiceLoader}. The provider itself depends on no such module.
 *
 * <p>The store returned keeps the {@link Store} contract, with another instance's changes visible
 * to this one: it reports the entries it expires to the request's {@link StoreExpiry}, and the
 * changes other instances commit to {@link StoreExpiry#changedElsewhere}.
 */
public interface SharedStoreProvider {

  /**
   * Opens (connects) the store of a shared cache.
   *
   * @param request what the store is for
   * @param <K> key type
   * @param <V> stored value type
   * @return the open store
   * @throws javax.cache.CacheException naming the cache and the server if it cannot be reached or
   *     the settings are wrong; nothing stays open then
   */
  <K, V> Store<K, V> open(SharedStoreRequest<K, V> request);
}
