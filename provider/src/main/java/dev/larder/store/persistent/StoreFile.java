package dev.larder.store.persistent;

import dev.larder.Durability;
import dev.larder.engine.Deadlines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import javax.cache.CacheException;

/**
 * One cache's SQLite file: {@code entries(k BLOB PRIMARY KEY, v BLOB, deadline INTEGER, sum
 * INTEGER)} in WAL mode, a lock file that keeps a second process (or a second cache manager) from
 * opening it for writing, owner-only permissions ({@link PrivateFiles}), and a small pool of read
 * connections (WAL readers never block the writer). Only the holder of the write queue's commit lock calls {@link #apply}.
 *
 * <p>Every row carries a CRC-32C of its key, value and deadline ({@link Row#sum}), checked on every
 * read: changed bytes that SQLite cannot notice (a valid page with altered content) are reported as
 * corruption naming the file and the key, never returned as data.
 *
 * <p>The lock file is locked with an OS file lock. The JVM keeps a registry of the store files it
 * has open: a second attempt from this JVM fails before it touches the lock file, because closing
 * any channel to a locked file would release the lock this JVM holds on it (POSIX locks belong to
 * the process), letting a third process in.
 *
 * <p>Every SQLite failure surfaces as a {@link CacheException} naming the file; corruption says to
 * delete the file (the cache then starts empty) or restore a backup. A failed open releases
 * everything it took, so the documented recovery works without restarting the JVM.
 */
final class StoreFile implements AutoCloseable {

  /**
   * One stored row.
   *
   * @param key the encoded key
   * @param value the encoded value ({@code null} when only keys were selected)
   * @param deadline the absolute deadline, or {@link Deadlines#NEVER}
   * @param sum the row's checksum as stored
   */
  record Row(byte[] key, byte[] value, long deadline, long sum) {

    /** Tells whether the stored checksum matches the row's bytes. */
    boolean intact() {
      return value == null || sum == checksum(key, value, deadline);
    }
  }

  /** Format 2 added the per-row checksum; files of format 1 are migrated on open. */
  private static final int FORMAT = 2;
  /** The store files open in this JVM, by real path of their lock file. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  private static final Logger LOG = Logger.getLogger(StoreFile.class.getName());
  private static final int READERS = 4;

  private final Path path;
  private final Path lockPath;
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
  private volatile boolean closed;
  /** Transactions committed with at least one write (for tests). */
  private long transactions;

  private StoreFile(Path path, Path lockPath, FileChannel lockChannel, FileLock lock, Connection writer) {
    this.path = path;
    this.lockPath = lockPath;
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
    Path lockFile;
    Path registered;
    try {
      PrivateFiles.create(dir, true);
      PrivateFiles.create(file, false);
      lockFile = lockFileOf(file);
      PrivateFiles.create(lockFile, false);
      registered = lockFile.toRealPath();
    } catch (IOException e) {
      throw new CacheException("Cannot create the store file " + file + ": " + e
          + ". Check that the directory exists or can be created and is writable by this user", e);
    }
    if (!OPEN.add(registered)) {
      throw alreadyOpen(file, lockFile, "in this JVM, by another cache manager");
    }
    FileChannel channel = null;
    StoreFile store = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw alreadyOpen(file, lockFile, "by another process");
      }
      store = new StoreFile(file, registered, channel, lock, connect(file));
      store.prepare(durability);
      return store;
    } catch (IOException | SQLException | RuntimeException e) {
      if (store != null) {
        store.close(); // releases the lock, closes the channel, forgets the file
      } else {
        closeQuietly(channel); // this JVM held no lock on it: closing releases nothing of another's
        OPEN.remove(registered);
      }
      if (e instanceof CacheException ce) {
        throw ce;
      }
      if (e instanceof SQLException se) {
        throw failure(file, "open", se);
      }
      throw new CacheException("Cannot open the store file " + file + ": " + e, e);
    }
  }

  private static CacheException alreadyOpen(Path file, Path lockFile, String where) {
    return new CacheException("The store file " + file + " is already open " + where + " (" + lockFile
        + " is locked). Larder opens a store for writing from one place at a time: close the other cache,"
        + " or give this one another directory");
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
      boolean fresh;
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries'")) {
        fresh = r.next() && r.getInt(1) == 0;
      }
      s.execute("CREATE TABLE IF NOT EXISTS entries (k BLOB PRIMARY KEY, v BLOB NOT NULL,"
          + " deadline INTEGER NOT NULL, sum INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID");
      // only entries that can expire are indexed: writes of eternal entries touch one b-tree, not two
      // (files of the first versions had a full index; it is replaced)
      s.execute("DROP INDEX IF EXISTS entries_by_deadline");
      s.execute("CREATE INDEX IF NOT EXISTS entries_expiring ON entries(deadline) WHERE deadline < " + Deadlines.NEVER);
      s.execute("INSERT OR IGNORE INTO larder_meta VALUES ('format', " + (fresh ? FORMAT : 1) + ")");
      int format;
      try (ResultSet r = s.executeQuery("SELECT value FROM larder_meta WHERE name = 'format'")) {
        format = r.next() ? r.getInt(1) : -1;
      }
      if (format == 1) {
        migrateToChecksums(s);
      } else if (format != FORMAT) {
        throw new CacheException("The store file " + path + " has format " + format + ", this Larder reads"
            + " formats 1 and " + FORMAT + ": open it with the Larder version that wrote it, or delete it");
      }
    }
    // the connection stays in auto-commit mode: a batch of one write is its own transaction, and a
    // larger one is framed by prepared BEGIN/COMMIT (the driver's commit() prepares "commit" and
    // "begin" anew each time)
    beginStatement = writer.prepareStatement("BEGIN IMMEDIATE");
    commitStatement = writer.prepareStatement("COMMIT");
    putStatement = writer.prepareStatement("INSERT OR REPLACE INTO entries (k, v, deadline, sum) VALUES (?, ?, ?, ?)");
    deleteStatement = writer.prepareStatement("DELETE FROM entries WHERE k = ?");
    touchStatement = writer.prepareStatement("UPDATE entries SET deadline = ?, sum = ? WHERE k = ?");
    clearStatement = writer.createStatement();
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path side = path.resolveSibling(path.getFileName() + suffix);
      if (Files.exists(side)) {
        PrivateFiles.create(side, false);
      }
    }
  }

  /** Format 1 had no checksums: adds them to every row, in one transaction. */
  private void migrateToChecksums(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pragma_table_info('entries') WHERE name = 'sum'")) {
      if (r.next() && r.getInt(1) == 0) {
        s.execute("ALTER TABLE entries ADD COLUMN sum INTEGER NOT NULL DEFAULT 0");
      }
    }
    s.execute("BEGIN IMMEDIATE");
    try (Statement read = writer.createStatement();
        ResultSet rows = read.executeQuery("SELECT k, v, deadline FROM entries");
        PreparedStatement update = writer.prepareStatement("UPDATE entries SET sum = ? WHERE k = ?")) {
      while (rows.next()) {
        byte[] k = rows.getBytes(1);
        update.setLong(1, checksum(k, rows.getBytes(2), rows.getLong(3)));
        update.setBytes(2, k);
        update.executeUpdate();
      }
    }
    s.execute("UPDATE larder_meta SET value = " + FORMAT + " WHERE name = 'format'");
    s.execute("COMMIT");
    LOG.info("added row checksums to " + path + " (store format 1 -> " + FORMAT + ")");
  }

  /**
   * Returns the checksum of a row: CRC-32C over the key, the value and the deadline.
   *
   * @param key the encoded key
   * @param value the encoded value
   * @param deadline the deadline
   * @return the checksum, a non-negative 32-bit value
   */
  static long checksum(byte[] key, byte[] value, long deadline) {
    CRC32C crc = new CRC32C();
    crc.update(key);
    crc.update(value);
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (deadline >>> shift));
    }
    return crc.getValue();
  }

  /** Returns the file's path. */
  Path path() {
    return path;
  }

  /** Returns how many transactions with writes were committed since the file was opened (for tests). */
  long transactions() {
    return transactions;
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
        return rs.next() ? new Row(key, rs.getBytes(1), rs.getLong(2), rs.getLong(3)) : null;
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
      String sql = after == null ? "SELECT k, v, deadline, sum FROM entries ORDER BY k LIMIT ?"
          : "SELECT k, v, deadline, sum FROM entries WHERE k > ? ORDER BY k LIMIT ?";
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
    if (closed) {
      return;
    }
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
   * Returns up to {@code limit} rows whose deadline has passed, earliest first (through the index
   * of expiring rows: no scan of the table).
   *
   * @param now the current time in milliseconds since the epoch
   * @param limit the most rows
   * @param withValues whether to read the values too (else {@link Row#value()} is {@code null})
   * @return the rows
   */
  List<Row> expired(long now, int limit, boolean withValues) {
    return withReader("expire", r -> {
      try (PreparedStatement p = r.connection.prepareStatement("SELECT k, " + (withValues ? "v" : "NULL")
          + ", deadline, sum FROM entries WHERE deadline <= ? ORDER BY deadline LIMIT ?")) {
        p.setLong(1, now);
        p.setInt(2, limit);
        return rows(p);
      }
    });
  }

  /**
   * Returns the earliest deadline of any row (through the index: no scan).
   *
   * @return the deadline, or {@link Deadlines#NEVER} if no row expires
   */
  long earliestDeadline() {
    return withReader("expire", r -> {
      try (Statement s = r.connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT MIN(deadline) FROM entries WHERE deadline < " + Deadlines.NEVER)) {
        long min = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Deadlines.NEVER : min;
      }
    });
  }

  private static List<Row> rows(PreparedStatement p) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        rows.add(new Row(r.getBytes(1), r.getBytes(2), r.getLong(3), r.getLong(4)));
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
    transactions++;
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
            putStatement.setLong(4, checksum(w.key(), w.value(), w.deadline()));
            putStatement.executeUpdate();
          }
          case DELETE -> {
            deleteStatement.setBytes(1, w.key());
            deleteStatement.executeUpdate();
          }
          case TOUCH -> {
            touchStatement.setLong(1, w.deadline());
            touchStatement.setLong(2, checksum(w.key(), w.value(), w.deadline()));
            touchStatement.setBytes(3, w.key());
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
        read = connection.prepareStatement("SELECT v, deadline, sum FROM entries WHERE k = ?");
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
    if (closed) {
      throw new CacheException("The store file " + path + " is closed");
    }
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
    closed = true;
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
    OPEN.remove(lockPath);
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
