package dev.larder.engine;

/** Formats keys for messages: their string form, abbreviated. */
public final class Keys {

  private static final int MAX = 60;

  private Keys() {}

  /**
   * Returns a key's string form, cut to {@value #MAX} characters.
   *
   * @param key any key
   * @return its {@code String.valueOf}, ending in "..." if it was cut
   */
  public static String abbreviate(Object key) {
    String s = String.valueOf(key);
    return s.length() <= MAX ? s : s.substring(0, MAX - 3) + "...";
  }
}
