package dev.larder.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.CacheException;

/**
 * Where and how to reach Redis: one URI, or several (seed nodes of a Redis Cluster), the
 * certificates a TLS connection trusts, and the timeout of every answer. Stores with equal
 * endpoints share one connection ({@link Link}). {@link #toString()} names the servers without
 * credentials: it is what error messages show.
 */
final class Endpoint {

  final List<RedisURI> uris;
  final Duration timeout;
  /** A PEM file of trusted certificates, or {@code null} for the JVM's default trust. */
  final String trustStore;
  final boolean tls;
  private final String description;
  /** The password, only to keep it out of messages; {@code null} if none. */
  private final String secret;
  private final String identity;

  private Endpoint(List<RedisURI> uris, Duration timeout, String trustStore, String description, String secret,
      String identity) {
    this.uris = List.copyOf(uris);
    this.timeout = timeout;
    this.trustStore = trustStore;
    this.tls = uris.get(0).isSsl();
    this.description = description;
    this.secret = secret;
    this.identity = identity;
  }

  /**
   * Parses the shared-mode settings of a cache.
   *
   * @param cacheName the cache, for messages
   * @param uriText one URI or several comma-separated
   * @param trustStore a PEM file path, or {@code null}
   * @param timeout the timeout of each answer
   * @return the endpoint
   * @throws CacheException naming the cache and the setting if a URI is malformed or the trust
   *     store is missing (the message never contains the password)
   */
  static Endpoint of(String cacheName, String uriText, String trustStore, Duration timeout) {
    List<RedisURI> uris = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String secret = null;
    for (String part : uriText.split(",")) {
      String text = part.trim();
      if (text.isEmpty()) {
        continue;
      }
      String shown = "#" + (uris.size() + 1);
      try {
        URI parsed = URI.create(text);
        if (parsed.getScheme() == null || !parsed.getScheme().equals("redis") && !parsed.getScheme().equals("rediss")
            || parsed.getHost() == null) {
          throw new IllegalArgumentException("not redis:// or rediss://");
        }
        shown = parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "");
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
          secret = URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1), StandardCharsets.UTF_8);
        }
        RedisURI uri = RedisURI.create(text);
        uri.setTimeout(timeout);
        uris.add(uri);
        names.add(parsed.getHost() + ":" + uri.getPort() + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : ""));
      } catch (RuntimeException e) {
        throw new CacheException("Cache '" + cacheName + "': the Redis URI " + shown + " of setting redis.uri"
            + " (larder.redis.uri) is malformed; write redis://[[user]:password@]host[:port][/database], or"
            + " rediss:// for TLS, several comma-separated for the seed nodes of a Redis Cluster");
      }
    }
    if (uris.isEmpty()) {
      throw new CacheException("Cache '" + cacheName + "' is in mode shared but names no Redis: set redis.uri"
          + " (larder.redis.uri), such as redis://127.0.0.1:6379");
    }
    if (trustStore != null && !Files.isReadable(Path.of(trustStore))) {
      throw new CacheException("Cache '" + cacheName + "': the trust store " + trustStore + " of setting"
          + " redis.truststore does not exist or is not readable; name a PEM file of the certificates to trust");
    }
    String description = String.join(",", names) + (uris.get(0).isSsl() ? " (TLS)" : "");
    String identity = uriText.trim() + "|" + trustStore + "|" + timeout;
    return new Endpoint(uris, timeout, trustStore, description, secret, identity);
  }

  /**
   * Removes the password from a text (an exception's message), in case a library put it there.
   *
   * @param text any text, or {@code null}
   * @return the text with every occurrence of the password replaced by {@code ***}
   */
  String scrub(String text) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "***");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoint other && identity.equals(other.identity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity);
  }

  @Override
  public String toString() {
    return description;
  }
}
