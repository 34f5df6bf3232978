package dev.larder.copy;

/** The copier of store-by-reference caches: every object is returned as it is. */
enum IdentityCopier implements Copier {
  INSTANCE;

  @Override
  public <T> T copy(T object) {
    return object;
  }
}
