package dev.larder.store.persistent;

/**
 * The store contract and the persistent store's own tests on the store of an eternal cache, whose
 * memory keeps bare values (entries with deadlines still get holders).
 */
class BarePersistentStoreContractTest extends PersistentStoreContractTest {

  @Override
  protected boolean eternal() {
    return true;
  }
}
