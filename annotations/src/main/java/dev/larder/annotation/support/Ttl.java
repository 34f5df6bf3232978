package dev.larder.annotation.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code ttl} of {@code @Cached}: a positive number with a unit ({@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}) such as {@code "30s"} or {@code "10m"}, or an ISO-8601 duration
 * such as {@code "PT10M"}. Empty means "the cache's own policy".
 */
public final class Ttl {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

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
    String value = text.trim();
    if (value.isEmpty()) {
      return null;
    }
    Duration duration;
    Matcher m = SHORT.matcher(value);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        duration = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      } else {
        duration = Duration.parse(value);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw malformed(text, where, "it is neither <number><unit> nor ISO-8601");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw malformed(text, where, "a time to live must be positive");
    }
    return duration;
  }

  private static IllegalArgumentException malformed(String text, String where, String why) {
    return new IllegalArgumentException("ttl \"" + text + "\" on " + where + " is malformed: " + why
        + ". Use e.g. \"500ms\", \"30s\", \"10m\", \"2h\", \"7d\" or ISO-8601 \"PT10M\";"
        + " leave it empty for the cache's own expiry policy");
  }
}
