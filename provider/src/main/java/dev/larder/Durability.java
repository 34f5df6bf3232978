package dev.larder;

/**
 * What a write to a {@linkplain Mode#PERSISTENT persistent} cache has survived when it returns.
 * Every setting keeps the store file consistent: a crash never leaves a half-written entry.
 */
public enum Durability {

  /**
   * The default: a write returns after the SQLite transaction holding it committed to the
   * write-ahead log ({@code synchronous=NORMAL}). Nothing acknowledged is lost when the process is
   * killed; a power loss or OS crash may lose the last moments of writes.
   */
  COMMIT,

  /**
   * Like {@link #COMMIT}, and the log is flushed to the disk ({@code synchronous=FULL}) before the
   * write returns: acknowledged writes also survive a power loss. Slower: bounded by the disk's
   * flushes per second (group commit shares one flush among concurrent writers).
   */
  FSYNC,

  /**
   * A write returns at memory speed and reaches the file in the background, at the latest after the
   * configured window ({@link LarderConfiguration#setWriteBehindWindow}): a crash can lose at most
   * the writes of that last window.
   */
  WRITE_BEHIND;

  /**
   * Parses a durability name, ignoring case ({@code commit}, {@code fsync}, {@code write-behind}).
   *
   * @param text the name
   * @param where what the text belongs to, for the error message
   * @return the durability
   * @throws IllegalArgumentException naming {@code where} and the text if it is none of them
   */
  public static Durability parse(String text, String where) {
    return Names.parse(Durability.class, text, where);
  }
}
