package dev.larder.annotation.support;

import dev.larder.config.Durations;
import java.time.Duration;

/**
 * Parses the {@code ttl} of {@code @Cached} with the same rules as Larder's configuration file
 * ({@link Durations}): a positive number with a unit ({@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}) such as {@code "30s"} or {@code "10m"}, or an ISO-8601 duration such as
 * {@code "PT10M"}. Empty means "the cache's own policy".
 */
public final class Ttl {

  private Ttl() {}

  /**
   * Parses a time to live.
   *
   * @param text the annotation's value
   * @param where what to name in an error, e.g. the method
   * @return the duration (positive), or {@code null} if {@code text} is empty
   * @throws IllegalArgumentException if the text is malformed or not positive; the message names
   *     {@code where} and the value and shows the accepted forms
   */
  public static Duration parse(String text, String where) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return Durations.parse(text, "ttl on " + where);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage()
          + "; or leave ttl empty for the cache's own expiry policy", e);
    }
  }
}
