package dev.larder.http.metrics;

import dev.larder.http.EndpointStats;
import dev.larder.http.HttpResponseCache;
import dev.larder.http.Reason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for an HTTP response cache, per endpoint (tags {@code cache} and {@code endpoint}):
 *
 * <ul>
 *   <li>{@code larder.http.requests} (counter), tags {@code result} = {@code hit}, {@code collapsed},
 *       {@code miss}, {@code refresh} or {@code bypass}, and {@code reason} (a {@link Reason#tag()} for
 *       bypasses, {@code none} otherwise);
 *   <li>{@code larder.http.stores} and {@code larder.http.stored.bytes} (counters);
 *   <li>{@code larder.http.not.stored} (counter), tag {@code reason};
 *   <li>{@code larder.http.waiting} (gauge): requests waiting for another request of the same key;
 *   <li>{@code larder.http.entries} (gauge): live entries, counted by walking the cache's keys on
 *       each read.
 * </ul>
 *
 * <p>Spring Boot binds it by itself when Micrometer is present; elsewhere call {@code new
 * LarderHttpMetrics(cache).bindTo(registry)}. Meters read the cache's counters when the registry
 * asks; nothing is counted twice.
 */
public final class LarderHttpMetrics implements MeterBinder {

  private final HttpResponseCache cache;

  /**
   * Creates the binder.
   *
   * @param cache the cache to measure
   */
  public LarderHttpMetrics(HttpResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String endpoint : cache.endpoints()) {
      Tags tags = Tags.of("cache", cache.config().cacheName(), "endpoint", endpoint);
      requests(registry, tags, endpoint, "hit", EndpointStats::hits);
      requests(registry, tags, endpoint, "collapsed", EndpointStats::collapsed);
      requests(registry, tags, endpoint, "miss", EndpointStats::misses);
      requests(registry, tags, endpoint, "refresh", EndpointStats::refreshes);
      for (Reason reason : Reason.values()) {
        if (reason.isBypass()) {
          FunctionCounter.builder("larder.http.requests", cache, c -> c.stats(endpoint).count(reason))
              .tags(tags).tag("result", "bypass").tag("reason", reason.tag())
              .description("requests to a cached endpoint, by how they were served").register(registry);
        } else {
          FunctionCounter.builder("larder.http.not.stored", cache, c -> c.stats(endpoint).count(reason))
              .tags(tags).tag("reason", reason.tag())
              .description("responses of a cached endpoint that were not stored, by reason").register(registry);
        }
      }
      FunctionCounter.builder("larder.http.stores", cache, c -> c.stats(endpoint).stores())
          .tags(tags).description("responses stored").register(registry);
      FunctionCounter.builder("larder.http.stored.bytes", cache, c -> c.stats(endpoint).storedBytes())
          .tags(tags).baseUnit("bytes").description("sizes of the responses stored, added up").register(registry);
      Gauge.builder("larder.http.waiting", cache, c -> c.stats(endpoint).waiting())
          .tags(tags).description("requests waiting for another request of the same key").register(registry);
      Gauge.builder("larder.http.entries", cache, c -> entries(c, endpoint))
          .tags(tags).description("live entries of the endpoint").register(registry);
    }
  }

  private void requests(MeterRegistry registry, Tags tags, String endpoint, String result,
      ToLongFunction<EndpointStats> count) {
    FunctionCounter.builder("larder.http.requests", cache, c -> count.applyAsLong(c.stats(endpoint)))
        .tags(tags).tag("result", result).tag("reason", "none")
        .description("requests to a cached endpoint, by how they were served").register(registry);
  }

  private static double entries(HttpResponseCache cache, String endpoint) {
    if (cache.isClosed()) {
      return Double.NaN;
    }
    try {
      return cache.entries(endpoint);
    } catch (IllegalStateException closedMeanwhile) {
      return Double.NaN;
    }
  }
}
