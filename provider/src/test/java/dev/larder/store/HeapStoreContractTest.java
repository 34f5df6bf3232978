package dev.larder.store;

/** The store contract on the in-memory store. */
class HeapStoreContractTest extends StoreContract {

  @Override
  protected Store<String, String> newStore() {
    return new HeapStore<>(liveness, 0, (k, h) -> { }, false);
  }
}
