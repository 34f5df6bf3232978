package dev.larder.annotation.support;

/** The @Cached core on the fallback for any JCache provider: a cache per (name, ttl), own single flight. */
class FallbackMemoizerTest extends MemoizerContract {
  @Override
  boolean larderExtensions() {
    return false;
  }
}
