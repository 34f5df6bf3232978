package dev.larder;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the enum names people write in configuration: any case, {@code -} for {@code _}. */
final class Names {

  private Names() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text, String where) {
    if (text != null) {
      String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(name)) {
          return e;
        }
      }
    }
    String known = Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(where + ": \"" + text + "\" is not a " + type.getSimpleName().toLowerCase(Locale.ROOT)
        + "; write one of " + known);
  }
}
