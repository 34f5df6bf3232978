package dev.larder.annotation.support;

/** The @Cached core on Larder's own single-flight get-or-compute with per-entry time to live. */
class LarderMemoizerTest extends MemoizerContract {
  @Override
  boolean larderExtensions() {
    return true;
  }
}
