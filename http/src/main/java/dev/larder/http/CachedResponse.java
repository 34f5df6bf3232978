package dev.larder.http;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One stored HTTP response: the value type of a {@code larder-http} cache.
 *
 * <p>A record of simple fields, so that every Larder mode can keep it: volatile caches hold the
 * object itself, persistent caches encode it with the JSON codec (or Java serialization), and a
 * shared cache will send the same fields over the wire. Instances are immutable by contract: the
 * {@code body} array is not copied on the way in or out, and must not be modified.
 *
 * @param status the HTTP status code, a 2xx other than 206
 * @param contentType the {@code Content-Type} header as the container reported it, or {@code null}
 * @param headers the other stored headers as alternating names and values ({@code [name1, value1,
 *     name2, value2, ...]}); hop-by-hop headers, {@code Date}, {@code Age}, {@code Content-Length}
 *     and the cache's own markers are never stored
 * @param body the response body, exactly as it was sent
 * @param storedAt when the response was stored, in milliseconds since the epoch of the cache's clock
 * @param expiresAt when the entry stops being served, in milliseconds since the epoch
 */
public record CachedResponse(int status, String contentType, List<String> headers, byte[] body,
    long storedAt, long expiresAt) implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Checks and freezes the fields.
   *
   * @throws NullPointerException if {@code headers} or {@code body} is {@code null}
   * @throws IllegalArgumentException if {@code headers} has an odd number of elements
   */
  public CachedResponse {
    // an ArrayList, not List.copyOf: Java serialization (a persistent cache's opt-in codec) admits
    // ArrayList but not the serial proxy of the JDK's immutable lists; headers() returns a read-only view
    headers = new ArrayList<>(Objects.requireNonNull(headers, "headers"));
    Objects.requireNonNull(body, "body");
    if (headers.size() % 2 != 0) {
      throw new IllegalArgumentException("headers must alternate names and values, got " + headers.size() + " elements");
    }
  }

  /**
   * Returns the stored headers.
   *
   * @return alternating names and values, read-only
   */
  @Override
  public List<String> headers() {
    return Collections.unmodifiableList(headers);
  }

  /**
   * Returns the size the entry limit is measured on: the status (4 bytes), the content type, every
   * stored header name and value, and the body.
   *
   * @return the size in bytes (characters count one byte each: header values are ISO-8859-1)
   */
  public int size() {
    int size = 4 + body.length + (contentType == null ? 0 : contentType.length());
    for (String h : headers) {
      size += h.length();
    }
    return size;
  }

  /**
   * Returns the first value of a stored header.
   *
   * @param name the header name, compared without regard to case
   * @return the value, or {@code null} if the header was not stored
   */
  public String header(String name) {
    for (int i = 0; i < headers.size(); i += 2) {
      if (headers.get(i).equalsIgnoreCase(name)) {
        return headers.get(i + 1);
      }
    }
    return null;
  }

  /**
   * Returns how old the entry is at a given time.
   *
   * @param nowMillis the current time of the cache's clock, milliseconds since the epoch
   * @return whole seconds since the entry was stored, at least 0
   */
  public long ageSeconds(long nowMillis) {
    return Math.max(0, (nowMillis - storedAt) / 1000);
  }

  /**
   * Returns how long the entry has left at a given time.
   *
   * @param nowMillis the current time of the cache's clock, milliseconds since the epoch
   * @return whole seconds until {@link #expiresAt()}, at least 0
   */
  public long ttlSeconds(long nowMillis) {
    return Math.max(0, (expiresAt - nowMillis) / 1000);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachedResponse r && status == r.status && storedAt == r.storedAt
        && expiresAt == r.expiresAt && Objects.equals(contentType, r.contentType)
        && headers.equals(r.headers) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, headers, storedAt, expiresAt) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "CachedResponse[status=" + status + ", contentType=" + contentType + ", headers=" + headers
        + ", body=" + body.length + " bytes, storedAt=" + storedAt + ", expiresAt=" + expiresAt + "]";
  }
}
