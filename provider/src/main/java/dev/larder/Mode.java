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
  PERSISTENT,

  /**
   * In Redis, shared by every instance of the application that names the same Redis, namespace,
   * cache manager and cache: entries, time to live on the server's clock, single flight and events
   * across instances. Needs the {@code dev.larder:larder-redis} module on the classpath; without it,
   * creating such a cache fails with a {@link javax.cache.CacheException} naming that artifact.
   */
  SHARED;

  /**
   * Parses a mode name, ignoring case.
   *
   * @param text {@code volatile}, {@code persistent} or {@code shared}
   * @param where what the text belongs to, for the error message
   * @return the mode
   * @throws IllegalArgumentException naming {@code where} and the text if it is none of them
   */
  public static Mode parse(String text, String where) {
    return Names.parse(Mode.class, text, where);
  }
}
