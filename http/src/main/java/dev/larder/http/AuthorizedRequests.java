package dev.larder.http;

/**
 * What an endpoint does with requests that carry credentials: an {@code Authorization} header, or a
 * user principal set by the container or by Spring Security.
 */
public enum AuthorizedRequests {
  /** The default: such requests bypass the cache (nothing is looked up or stored). */
  BYPASS,
  /** One entry for every caller: use it only for responses that do not depend on who asks. */
  SHARED,
  /**
   * One entry per caller: the principal's name when there is a principal, otherwise a SHA-256
   * digest of the {@code Authorization} header (the credential itself is never part of the key).
   */
  PER_PRINCIPAL
}
