package dev.larder;

/**
 * How a {@linkplain Mode#PERSISTENT persistent} cache writes keys and values to its file.
 */
public enum Encoding {

  /**
   * The default: JSON (Jackson), readable with the {@code sqlite3} shell. The stored type of every
   * key and value must be allowed (see {@link LarderConfiguration#allowTypes}), so a tampered file
   * cannot make Larder instantiate arbitrary classes. Fits records, beans with a default
   * constructor, strings, numbers, {@code java.time} values and collections of those.
   */
  JSON,

  /**
   * Java serialization, for {@code Serializable} types JSON cannot represent. Opt-in: decoding is
   * still restricted to allowed types by an {@link java.io.ObjectInputFilter}.
   */
  JAVA_SERIALIZATION;

  /**
   * Parses an encoding name, ignoring case ({@code json}, {@code java-serialization}).
   *
   * @param text the name
   * @param where what the text belongs to, for the error message
   * @return the encoding
   * @throws IllegalArgumentException naming {@code where} and the text if it is neither
   */
  public static Encoding parse(String text, String where) {
    return Names.parse(Encoding.class, text, where);
  }
}
