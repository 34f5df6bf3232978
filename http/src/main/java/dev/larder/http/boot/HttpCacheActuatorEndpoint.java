package dev.larder.http.boot;

import dev.larder.http.EndpointConfig;
import dev.larder.http.EndpointStats;
import dev.larder.http.HttpResponseCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code httpcache} actuator endpoint (expose it with
 * {@code management.endpoints.web.exposure.include=httpcache}):
 *
 * <ul>
 *   <li>{@code GET /actuator/httpcache}: every endpoint's settings, live entries and counts;
 *   <li>{@code DELETE /actuator/httpcache}: clear everything;
 *   <li>{@code DELETE /actuator/httpcache/{endpoint}}: clear one endpoint;
 *   <li>{@code DELETE /actuator/httpcache/{endpoint}?path=/users/42}: clear one URL of it.
 * </ul>
 */
@Endpoint(id = "httpcache")
public class HttpCacheActuatorEndpoint {

  private final HttpResponseCache cache;

  /**
   * Creates the endpoint.
   *
   * @param cache the cache it shows and clears
   */
  public HttpCacheActuatorEndpoint(HttpResponseCache cache) {
    this.cache = cache;
  }

  /**
   * Describes every endpoint.
   *
   * @return by endpoint name: path, ttl, enabled, entries and the counts
   */
  @ReadOperation
  public Map<String, Object> endpoints() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cache", cache.config().cacheName());
    Map<String, Object> endpoints = new LinkedHashMap<>();
    for (EndpointConfig e : cache.config().endpoints()) {
      EndpointStats s = cache.stats(e.id());
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("path", e.path().toString());
      one.put("ttlSeconds", e.ttl().toSeconds());
      one.put("enabled", e.enabled());
      one.put("entries", cache.entries(e.id()));
      one.put("hits", s.hits());
      one.put("collapsed", s.collapsed());
      one.put("misses", s.misses());
      one.put("refreshes", s.refreshes());
      one.put("bypasses", s.bypasses());
      one.put("stores", s.stores());
      one.put("storedBytes", s.storedBytes());
      one.put("notStored", s.notStored());
      one.put("waiting", s.waiting());
      endpoints.put(e.id(), one);
    }
    out.put("endpoints", endpoints);
    return out;
  }

  /**
   * Clears every endpoint.
   *
   * @return {@code {"cleared": n}}
   */
  @DeleteOperation
  public Map<String, Object> clearAll() {
    return Map.of("cleared", cache.clearAll());
  }

  /**
   * Clears one endpoint, or one URL of it.
   *
   * @param endpoint the endpoint's name
   * @param path a path with its query inside the web application, or {@code null} for the whole endpoint
   * @return {@code {"endpoint": name, "cleared": n}} (and the path, when given)
   * @throws IllegalArgumentException if there is no such endpoint, or the path belongs to another endpoint
   */
  @DeleteOperation
  public Map<String, Object> clear(@Selector String endpoint, @Nullable String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("endpoint", endpoint);
    if (path == null || path.isBlank()) {
      out.put("cleared", cache.clearEndpoint(endpoint));
      return out;
    }
    cache.stats(endpoint); // fails for an unknown endpoint
    String owner = cache.endpointOf(path);
    if (!endpoint.equals(owner)) {
      throw new IllegalArgumentException("path " + path + " belongs to endpoint " + owner + ", not " + endpoint);
    }
    out.put("path", path);
    out.put("cleared", cache.clearEntry(path));
    return out;
  }
}
