package dev.larder.store.persistent;

import dev.larder.Durability;
import dev.larder.engine.Deadlines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.cache.CacheException;

/**
 * One cache's SQLite file: {@code entries(k BLOB PRIMARY KEY, v BLOB, deadline INTEGER)} in WAL
 * mode, a lock file that keeps a second process (or a second cache manager) from opening it for
 * writing, owner-only permissions, and a small pool of read connections (WAL readers never block
 * the writer). Only the store's writer thread calls {@link #apply}.
 *
 * <p>Every SQLite failure surfaces as a {@link CacheException} naming the file; corruption says to
 * delete the file (the cache then starts empty) or restore a backup.
 */
final class StoreFile implements AutoCloseable {

  /** One stored row. */
  record Row(byte[] key, byte[] value, long deadline) {}

  private static final int FORMAT = 1;
  private static final int READERS = 4;
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** Metrics hook: commits, reads and the last failure, read by {@link PersistentStoreMetrics}. */
  final StoreCounters counters = new StoreCounters();
  /** The identity of the lock file we locked, to notice if it is deleted or replaced. */
  private final Object lockFileKey;
  private final Connection writer;
  private final BlockingQueue<Reader> readers = new ArrayBlockingQueue<>(READERS);
  /** The writer's statements, prepared once (the writer thread only). */
  private PreparedStatement putStatement;
  private PreparedStatement deleteStatement;
  private PreparedStatement touchStatement;
  private Statement clearStatement;
  private PreparedStatement beginStatement;
  private PreparedStatement commitStatement;

  private StoreFile(Path path, FileChannel lockChannel, FileLock lock, Connection writer) {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writer = writer;
    this.lockFileKey = fileKey(lockFileOf(path));
  }

  /** Returns the lock file that guards a store file. */
  static Path lockFileOf(Path file) {
    return file.toAbsolutePath().getParent().resolve(file.getFileName() + ".lock");
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Tells whether this file's writer lock still protects it: the lock is valid, and the lock file
   * at its path is the one locked (if it was deleted or replaced, another process could lock a new
   * one and open the store too).
   *
   * @return {@code null} if the lock holds, else a sentence naming the lock file and the problem
   */
  String lockProblem() {
    Path lockFile = lockFileOf(path);
    if (!lock.isValid()) {
      return "the lock " + lockFile + " of the store file was released";
    }
    Object now = fileKey(lockFile);
    if (now == null || lockFileKey != null && !lockFileKey.equals(now)) {
      return "the lock file " + lockFile + " was deleted or replaced, so another process could open the"
          + " store file as well; restart the application to take the lock again";
    }
    return null;
  }

  /**
   * Opens (creating if needed) the store file of a cache.
   *
   * @param file the database file
   * @param durability chooses {@code synchronous=NORMAL} or {@code FULL}
   * @return the open file
   * @throws CacheException naming the file if it is locked by another process, corrupt, or cannot be created
   */
  static StoreFile open(Path file, Durability durability) {
    Path dir = file.toAbsolutePath().getParent();
    FileChannel channel = null;
    try {
      createPrivate(dir, true);
      createPrivate(file, false);
      Path lockFile = lockFileOf(file);
      createPrivate(lockFile, false);
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new CacheException("The store file " + file + " is already open in another process or"
            + " cache manager (" + lockFile + " is locked). Larder opens a store for writing from one place"
            + " at a time: close the other cache, or give this one another directory");
      }
      Connection writer = connect(file);
      StoreFile store = new StoreFile(file, channel, lock, writer);
      try {
        store.prepare(durability);
      } catch (SQLException | IOException | RuntimeException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CacheException("Cannot create the store file " + file + ": " + e
          + ". Check that the directory exists or can be created and is writable by this user", e);
    } catch (SQLException e) {
      closeQuietly(channel);
      throw failure(file, "open", e);
    }
  }

  private static void createPrivate(Path p, boolean directory) throws IOException {
    if (Files.exists(p)) {
      return;
    }
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (directory) {
      if (posix) {
        Files.createDirectories(p, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } else {
        Files.createDirectories(p);
      }
    } else if (posix) {
      Files.createFile(p, PosixFilePermissions.asFileAttribute(OWNER_FILE));
    } else {
      Files.createFile(p);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
    }
    return c;
  }

  private void prepare(Durability durability) throws SQLException, IOException {
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=" + (durability == Durability.FSYNC ? "FULL" : "NORMAL"));
      s.execute("CREATE TABLE IF NOT EXISTS larder_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS entries (k BLOB PRIMARY KEY, v BLOB NOT NULL,"
          + " deadline INTEGER NOT NULL) WITHOUT ROWID");
      // only entries that can expire are indexed: writes of eternal entries touch one b-tree, not two
      // (files of earlier versions had a full index; it is replaced, the format is unchanged)
      s.execute("DROP INDEX IF EXISTS entries_by_deadline");
      s.execute("CREATE INDEX IF NOT EXISTS entries_expiring ON entries(deadline) WHERE deadline < " + Deadlines.NEVER);
      s.execute("INSERT OR IGNORE INTO larder_meta VALUES ('format', " + FORMAT + ")");
      try (ResultSet r = s.executeQuery("SELECT value FROM larder_meta WHERE name = 'format'")) {
        int format = r.next() ? r.getInt(1) : -1;
        if (format != FORMAT) {
          throw new CacheException("The store file " + path + " has format " + format + ", this Larder reads"
              + " format " + FORMAT + ": open it with the Larder version that wrote it, or delete it");
        }
      }
    }
    // the connection stays in auto-commit mode: a batch of one write is its own transaction, and a
    // larger one is framed by prepared BEGIN/COMMIT (the driver's commit() prepares "commit" and
    // "begin" anew each time)
    beginStatement = writer.prepareStatement("BEGIN IMMEDIATE");
    commitStatement = writer.prepareStatement("COMMIT");
    putStatement = writer.prepareStatement("INSERT OR REPLACE INTO entries (k, v, deadline) VALUES (?, ?, ?)");
    deleteStatement = writer.prepareStatement("DELETE FROM entries WHERE k = ?");
    touchStatement = writer.prepareStatement("UPDATE entries SET deadline = ? WHERE k = ?");
    clearStatement = writer.createStatement();
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path side = path.resolveSibling(path.getFileName() + suffix);
      if (Files.exists(side) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(side, OWNER_FILE);
      }
    }
  }

  /** Returns the file's path. */
  Path path() {
    return path;
  }

  /**
   * Reads one row.
   *
   * @param key the encoded key
   * @return the row, or {@code null} if there is none
   */
  Row read(byte[] key) {
    counters.fileRead(); // metrics hook: point reads of the file
    return withReader("read", r -> {
      PreparedStatement p = r.readStatement();
      p.setBytes(1, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new Row(key, rs.getBytes(1), rs.getLong(2)) : null;
      }
    });
  }

  /**
   * Counts the rows, expired ones included.
   *
   * @return the number of rows
   */
  long count() {
    return withReader("count", reader -> {
      try (Statement s = reader.connection.createStatement();
          ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entries")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /**
   * Returns up to {@code limit} rows whose key sorts after {@code after}, in key order.
   *
   * @param after the last key of the previous page, or {@code null} for the first page
   * @param limit the page size
   * @return the rows
   */
  List<Row> page(byte[] after, int limit) {
    return withReader("iterate", r -> {
      String sql = after == null ? "SELECT k, v, deadline FROM entries ORDER BY k LIMIT ?"
          : "SELECT k, v, deadline FROM entries WHERE k > ? ORDER BY k LIMIT ?";
      try (PreparedStatement p = r.connection.prepareStatement(sql)) {
        int i = 1;
        if (after != null) {
          p.setBytes(i++, after);
        }
        p.setInt(i, limit);
        return rows(p);
      }
    });
  }

  /**
   * Streams every key of the file, in one read transaction on a connection of its own, until the
   * consumer asks to stop.
   *
   * @param consumer receives each encoded key; returns {@code false} to stop
   * @throws CacheException naming the file if the read fails
   */
  void forEachKey(java.util.function.Predicate<byte[]> consumer) {
    try (Connection c = connect(path); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT k FROM entries")) {
      while (r.next() && consumer.test(r.getBytes(1))) {
        // the consumer does the work
      }
    } catch (SQLException e) {
      throw failure(path, "scan the keys of", e);
    }
  }

  /**
   * Returns up to {@code limit} rows with the earliest deadlines; eternal rows never (they never expire).
   *
   * @param limit the most rows
   * @return the rows, earliest deadline first
   */
  List<Row> earliest(int limit) {
    return withReader("expire", r -> {
      try (PreparedStatement p = r.connection.prepareStatement(
          "SELECT k, v, deadline FROM entries WHERE deadline < " + Deadlines.NEVER
              + " ORDER BY deadline LIMIT ?")) {
        p.setInt(1, limit);
        return rows(p);
      }
    });
  }

  private static List<Row> rows(PreparedStatement p) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        rows.add(new Row(r.getBytes(1), r.getBytes(2), r.getLong(3)));
      }
    }
    return rows;
  }

  /**
   * Applies a batch of writes in one transaction (the writer thread only).
   *
   * @param batch the writes, in order
   * @throws CacheException naming the file if the transaction fails (it is rolled back)
   */
  void apply(List<WriteQueue.Write> batch) {
    int writes = 0;
    for (WriteQueue.Write w : batch) {
      if (w.kind() != WriteQueue.Kind.BARRIER) {
        writes++;
      }
    }
    if (writes == 0) {
      return;
    }
    boolean framed = writes > 1;
    long start = System.nanoTime(); // metrics hook: commit latency and batch size
    try {
      if (framed) {
        beginStatement.execute();
      }
      for (WriteQueue.Write w : batch) {
        switch (w.kind()) {
          case PUT -> {
            putStatement.setBytes(1, w.key());
            putStatement.setBytes(2, w.value());
            putStatement.setLong(3, w.deadline());
            putStatement.executeUpdate();
          }
          case DELETE -> {
            deleteStatement.setBytes(1, w.key());
            deleteStatement.executeUpdate();
          }
          case TOUCH -> {
            touchStatement.setLong(1, w.deadline());
            touchStatement.setBytes(2, w.key());
            touchStatement.executeUpdate();
          }
          case CLEAR -> clearStatement.executeUpdate("DELETE FROM entries");
          case BARRIER -> { }
        }
      }
      if (framed) {
        commitStatement.execute();
      }
      counters.committed(writes, System.nanoTime() - start); // metrics hook
    } catch (SQLException e) {
      if (framed) {
        try (Statement rollback = writer.createStatement()) {
          rollback.execute("ROLLBACK");
        } catch (SQLException ignored) {
          // no transaction left to roll back (SQLite may have ended it): the failure is what matters
        }
      }
      CacheException failed = failure(path, "write", e);
      counters.failed(failed); // metrics hook: health sees the failure until a commit succeeds
      throw failed;
    }
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Reader reader) throws SQLException;
  }

  /** A read connection and its point-read statement, prepared on first use. */
  private static final class Reader implements AutoCloseable {
    final Connection connection;
    private PreparedStatement read;

    Reader(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement readStatement() throws SQLException {
      if (read == null) {
        read = connection.prepareStatement("SELECT v, deadline FROM entries WHERE k = ?");
      }
      return read;
    }

    @Override
    public void close() {
      closeQuietly(read);
      closeQuietly(connection);
    }
  }

  private <T> T withReader(String what, Query<T> query) {
    Reader r = readers.poll();
    try {
      if (r == null) {
        r = new Reader(connect(path));
      }
      T result = query.run(r);
      if (!readers.offer(r)) {
        r.close();
      }
      return result;
    } catch (SQLException e) {
      closeQuietly(r);
      throw failure(path, what, e);
    }
  }

  /** Turns an SQLite failure into an error that names the file and says what to do. */
  static CacheException failure(Path file, String what, SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")
        || message.contains("malformed") || message.contains("not a database")) {
      return new CacheException("The store file " + file + " is corrupt (" + message + "). Larder will not"
          + " read wrong data from it: delete it and its -wal/-shm files (the cache starts empty), or"
          + " restore a backup", e);
    }
    return new CacheException("Store file " + file + ": " + what + " failed: " + message, e);
  }

  @Override
  public void close() {
    Reader r;
    while ((r = readers.poll()) != null) {
      r.close();
    }
    closeQuietly(putStatement);
    closeQuietly(deleteStatement);
    closeQuietly(touchStatement);
    closeQuietly(clearStatement);
    closeQuietly(beginStatement);
    closeQuietly(commitStatement);
    closeQuietly(writer);
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel close below releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is best effort
      }
    }
  }
}
