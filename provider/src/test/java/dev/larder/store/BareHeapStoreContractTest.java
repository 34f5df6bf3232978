package dev.larder.store;

/** The store contract on the in-memory store of an eternal cache, which keeps bare values. */
class BareHeapStoreContractTest extends StoreContract {

  @Override
  protected Store<String, String> newStore() {
    return new HeapStore<>(liveness, 0, (k, h) -> { }, true);
  }
}
