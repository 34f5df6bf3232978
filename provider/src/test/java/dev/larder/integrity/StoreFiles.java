package dev.larder.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/** Test helpers that look at a persistent cache's files from the outside, as an operator would. */
final class StoreFiles {

  private StoreFiles() {}

  /** Finds the store file of a cache below a folder. */
  static Path find(Path root, String cacheName) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().equals(cacheName + ".db")).findFirst()
          .orElseThrow(() -> new AssertionError("no " + cacheName + ".db below " + root));
    }
  }

  /** Opens a plain JDBC connection to a store file (as the sqlite3 shell would). */
  static Connection connect(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
    }
    return c;
  }

  /** Counts the rows of a store file. */
  static long rows(Path file) throws SQLException {
    try (Connection c = connect(file); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entries")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Replaces the first occurrence of {@code from} in a file's bytes with {@code to} (same length). */
  static void patch(Path file, byte[] from, byte[] to) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    outer:
    for (int i = 0; i + from.length <= bytes.length; i++) {
      for (int j = 0; j < from.length; j++) {
        if (bytes[i + j] != from[j]) {
          continue outer;
        }
      }
      System.arraycopy(to, 0, bytes, i, to.length);
      Files.write(file, bytes);
      return;
    }
    throw new AssertionError("the bytes to patch are not in " + file);
  }
}
