package dev.larder.annotation.support;

import java.util.concurrent.CompletionStage;

/** Checks on the futures returned by {@code @Cached} methods. */
final class Futures {

  private Futures() {}

  static CompletionStage<?> stage(Object result, CachedMethod method) {
    if (result instanceof CompletionStage<?> stage) {
      return stage;
    }
    throw new NullPointerException(method.where() + " returned a null future; a @Cached method returning"
        + " CompletableFuture/CompletionStage must return a future (completed with null if there is no value)");
  }
}
