package dev.larder.jcache;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Compiles glob patterns for {@link dev.larder.LarderCache#keys(String)}: {@code *} any run of
 * characters, {@code ?} exactly one, {@code [abc]} / {@code [a-z]} one of a set, {@code [!...]}
 * one not in it, {@code \} makes the next character literal. Everything else matches itself.
 */
final class Glob {

  private Glob() {}

  /**
   * Compiles a pattern.
   *
   * @param glob the pattern
   * @return a predicate that tests a whole string against it
   * @throws IllegalArgumentException if a {@code [} is never closed or the pattern ends with {@code \}
   */
  static Predicate<String> compile(String glob) {
    if (glob == null) {
      throw new NullPointerException("pattern");
    }
    if (glob.equals("*")) {
      return s -> true;
    }
    StringBuilder regex = new StringBuilder(glob.length() + 8);
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '\\' -> {
          if (i + 1 == glob.length()) {
            throw malformed(glob, i, "ends with an escape character '\\'; escape it as \\\\ to match a backslash");
          }
          regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        case '[' -> i = characterClass(glob, i, regex);
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
    return s -> pattern.matcher(s).matches();
  }

  /** Appends the class starting at {@code start} ('['); returns the index of its closing ']'. */
  private static int characterClass(String glob, int start, StringBuilder regex) {
    int i = start + 1;
    StringBuilder set = new StringBuilder("[");
    if (i < glob.length() && glob.charAt(i) == '!') {
      set.append('^');
      i++;
    }
    boolean empty = true;
    for (; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == ']' && !empty) {
        regex.append(set).append(']');
        return i;
      }
      if (c == '\\' && i + 1 < glob.length()) {
        literal(set, glob.charAt(++i));
      } else if (c == '-' && !empty && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
        set.append('-');
      } else {
        literal(set, c);
      }
      empty = false;
    }
    throw malformed(glob, start, "has a '[' that is never closed; close it with ']' or escape it as \\[");
  }

  /** Appends a character that stands for itself inside a regex character class. */
  private static void literal(StringBuilder set, char c) {
    if (Character.isLetterOrDigit(c)) {
      set.append(c);
    } else {
      set.append('\\').append(c);
    }
  }

  private static IllegalArgumentException malformed(String glob, int index, String problem) {
    return new IllegalArgumentException("glob pattern \"" + glob + "\" " + problem + " (at index " + index + ")");
  }
}
