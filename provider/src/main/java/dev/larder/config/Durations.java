package dev.larder.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people write in configuration: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT10M}, {@code P1D}). Whitespace around the text is
 * ignored; units are case-insensitive. Zero and negative durations are rejected.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a positive duration.
   *
   * @param text the text, e.g. {@code "10m"} or {@code "PT10M"}
   * @param where what the text belongs to, for the error message (e.g. a file and key, or a method)
   * @return the duration, positive
   * @throws IllegalArgumentException naming {@code where} and the text if it is malformed or not positive
   */
  public static Duration parse(String text, String where) {
    if (text == null || text.isBlank()) {
      throw malformed(text, where);
    }
    String t = text.trim();
    Duration d;
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw malformed(text, where);
      }
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } else if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw malformed(text, where);
      }
    } else {
      throw malformed(text, where);
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(where + ": duration \"" + text + "\" must be positive");
    }
    return d;
  }

  private static IllegalArgumentException malformed(String text, String where) {
    return new IllegalArgumentException(where + ": \"" + text + "\" is not a duration; write a number and a unit"
        + " (500ms, 30s, 10m, 2h, 7d) or ISO-8601 (PT10M)");
  }
}
