package dev.larder.redis;

import dev.larder.engine.Keys;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;

/**
 * A store's way to talk to Redis: runs scripts ({@code EVALSHA}, falling back to {@code EVAL}),
 * waits for answers at most the endpoint's timeout, and turns every failure into a {@link
 * CacheException} that names the cache, the operation, the key and the Redis endpoint — never the
 * password.
 */
final class Calls {

  /** How long past the timeout a caller still waits for Lettuce to report the timeout itself. */
  static final long MARGIN_MILLIS = 250;

  final Link link;
  final String cacheName;
  final RedisClusterAsyncCommands<byte[], byte[]> redis;
  final long timeoutMillis;

  Calls(Link link, String cacheName) {
    this.link = link;
    this.cacheName = cacheName;
    this.redis = link.commands;
    this.timeoutMillis = link.endpoint.timeout.toMillis();
  }

  /**
   * Runs a script.
   *
   * @param script the script
   * @param type what it returns
   * @param keys its keys (the first routes it on a cluster)
   * @param args its arguments
   * @param <T> the answer's type
   * @return the answer, when it comes
   */
  <T> CompletableFuture<T> script(Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
    CompletableFuture<T> sha = redis.<T>evalsha(script.sha, type, keys, args).toCompletableFuture();
    return sha.handle((answer, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(answer);
      }
      Throwable cause = unwrap(failure);
      if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
        return redis.<T>eval(script.source, type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  /**
   * Waits for an answer.
   *
   * @param answer the pending answer
   * @param what the operation, for the message ("write", "read", ...)
   * @param key the key, or {@code null}
   * @param <T> the answer's type
   * @return the answer
   * @throws CacheException if Redis failed or did not answer in time
   */
  <T> T await(CompletionStage<T> answer, String what, Object key) {
    try {
      return answer.toCompletableFuture().get(timeoutMillis + MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Cache '" + cacheName + "': interrupted while waiting for Redis at " + link.endpoint
          + " (" + what + on(key) + ")", e);
    } catch (ExecutionException | TimeoutException | CompletionException e) {
      throw failure(what, key, e);
    }
  }

  /**
   * Describes a failure of Redis as a {@link CacheException}.
   *
   * @param what the operation
   * @param key the key, or {@code null}
   * @param failure what went wrong
   * @return the exception to throw
   */
  CacheException failure(String what, Object key, Throwable failure) {
    Throwable cause = unwrap(failure);
    String where = "Redis at " + link.endpoint;
    String reason;
    if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
      reason = where + " did not answer within " + timeoutMillis + " ms";
    } else if (cause instanceof RedisConnectionException) {
      reason = where + " cannot be reached (" + link.endpoint.scrub(cause.getMessage()) + ")";
    } else if (cause instanceof RedisCommandExecutionException) {
      reason = where + " refused it: " + link.endpoint.scrub(cause.getMessage());
    } else {
      reason = where + " failed: " + link.endpoint.scrub(String.valueOf(cause));
    }
    return new CacheException("Cache '" + cacheName + "': " + what + on(key) + " failed: " + reason, cause);
  }

  /**
   * Describes an answer that says the change was not applied.
   *
   * @param what the operation
   * @param key the key
   * @param why why it was not applied
   * @return the exception to throw
   */
  CacheException notApplied(String what, Object key, String why) {
    return new CacheException("Cache '" + cacheName + "': " + what + on(key) + " was not applied: " + why
        + " (Redis at " + link.endpoint + ")");
  }

  private static String on(Object key) {
    return key == null ? "" : " of key " + Keys.abbreviate(key);
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
