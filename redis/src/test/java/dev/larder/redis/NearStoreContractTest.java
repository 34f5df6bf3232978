package dev.larder.redis;

/**
 * The store contract on the shared store with a near cache (its invalidation channel open before
 * each test): every rule holds as without one.
 */
class NearStoreContractTest extends RedisStoreContractTest {

  @Override
  protected int nearCache() {
    return 1_000;
  }
}
