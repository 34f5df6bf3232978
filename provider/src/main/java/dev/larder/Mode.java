package dev.larder;


/**
 * Where a cache keeps its entries. The API is the same in every mode; only durability differs.
 */
public enum Mode {

  /** In memory only: fastest, and empty after a restart. The default. */
  VOLATILE,

  /**
   * In memory in front of an embedded SQLite file per cache: entries and their expiry deadlines
   * survive a restart and a {@code kill -9} (see {@link Durability} for exactly what is kept).
   */
  PERSISTENT;

  /**
   * Parses a mode name, ignoring case.
   *
   * @param text {@code volatile} or {@code persistent}
   * @param where what the text belongs to, for the error message
   * @return the mode
   * @throws IllegalArgumentException naming {@code where} and the text if it is neither
   */
  public static Mode parse(String text, String where) {
    return Names.parse(Mode.class, text, where);
  }
}
