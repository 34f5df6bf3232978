package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.engine.ManualClock;
import dev.larder.jcache.LarderCacheManager;
import dev.larder.jcache.LarderJCache;
import dev.larder.spi.LarderCachingProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent mode through the JCache API: restarts, TTLs, files and the errors they report. */
class PersistentModeTest {

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock();
  private final LarderCachingProvider provider = new LarderCachingProvider();
  private CacheManager manager;

  /** A record value: JSON-friendly, immutable. */
  public record User(String name, int age) {}

  @AfterEach
  void closeManager() {
    if (manager != null) {
      manager.close();
    }
    provider.close();
  }

  private CacheManager open(String uriText) {
    if (manager != null) {
      manager.close();
    }
    Properties p = new Properties();
    p.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    p.setProperty("larder.mode", "persistent");
    p.setProperty("larder.directory", dir.toString());
    manager = provider.getCacheManager(URI.create(uriText), getClass().getClassLoader(), p);
    return manager;
  }

  private Cache<String, User> users() {
    Cache<String, User> cache = manager.getCache("users", String.class, User.class);
    if (cache != null) {
      return cache;
    }
    return manager.createCache("users", new MutableConfiguration<String, User>().setTypes(String.class, User.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10))));
  }

  @Test
  void valuesAndTheirDeadlinesSurviveARestart() {
    open("restart");
    users().put("alice", new User("Alice", 30));
    LarderCache.of(users()).put("bob", new User("Bob", 40), Duration.ofHours(2));
    long bobDeadline = LarderCache.of(users()).expiresAt("bob").orElseThrow().toEpochMilli();

    open("restart");
    assertEquals(new User("Alice", 30), users().get("alice"));
    assertEquals(bobDeadline, LarderCache.of(users()).expiresAt("bob").orElseThrow().toEpochMilli());
    assertTrue(Files.exists(dir.resolve("restart").resolve("users.db")));
  }

  @Test
  void updatesOfLiveEntriesAreWrittenToo() {
    open("updates");
    for (int round = 0; round < 3; round++) {
      users().put("alice", new User("Alice", 30 + round));   // a put over a live entry updates it in place
    }
    users().replace("alice", new User("Alice", 40));
    users().invoke("alice", (entry, args) -> {
      entry.setValue(new User(entry.getValue().name(), entry.getValue().age() + 1));
      return null;
    });
    assertEquals(new User("Alice", 41), users().get("alice"));
    users().put("alice", new User("Alice", 50));
    open("updates");
    assertEquals(new User("Alice", 50), users().get("alice"));
  }

  @Test
  void anEntryWhoseTimeRanOutWhileDownIsGone() {
    open("expired-while-down");
    users().put("alice", new User("Alice", 30));
    LarderCache.of(users()).put("bob", new User("Bob", 40), Duration.ofHours(2));
    manager.close();
    manager = null;
    clock.advance(Duration.ofMinutes(11));

    open("expired-while-down");
    assertNull(users().get("alice"), "ten minutes passed while the process was down");
    assertEquals(new User("Bob", 40), users().get("bob"));
    Set<String> keys = new HashSet<>();
    users().forEach(e -> keys.add(e.getKey()));
    assertEquals(Set.of("bob"), keys);
  }

  @Test
  void deadlinesRenewedByReadsSurviveARestart() {
    MutableConfiguration<String, User> accessed = new MutableConfiguration<String, User>()
        .setTypes(String.class, User.class)
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)));
    open("renewed");
    Cache<String, User> touched = manager.createCache("touched", accessed);
    touched.put("alice", new User("Alice", 30));
    touched.put("bob", new User("Bob", 40));
    touched.put("carol", new User("Carol", 50));
    clock.advance(Duration.ofMinutes(8));
    assertNotNull(touched.get("alice"), "renews alice to minute 18");
    assertEquals(1, touched.getAll(Set.of("bob")).size(), "renews bob to minute 18");
    manager.close();
    manager = null;
    clock.advance(Duration.ofMinutes(5)); // minute 13: past the deadline of the writes, before the renewed ones

    open("renewed");
    Cache<String, User> reopened = manager.createCache("touched", accessed);
    assertEquals(new User("Alice", 30), reopened.get("alice"));
    assertEquals(new User("Bob", 40), reopened.get("bob"));
    assertNull(reopened.get("carol"), "carol was not read: her deadline stayed at minute 10");
  }

  @Test
  void entriesThatExpiredWhileDownAreReclaimedWithoutBeingTouched() {
    open("reclaimed");
    for (int i = 0; i < 30; i++) {
      users().put("u" + i, new User("U" + i, i));
    }
    manager.close();
    manager = null;
    clock.advance(Duration.ofMinutes(11));
    open("reclaimed");
    LarderJCache<?, ?> larder = users().unwrap(LarderJCache.class);
    assertEquals(30, larder.runMaintenance(), "the background sweep finds the expired rows in the file");
    open("reclaimed");
    assertFalse(users().iterator().hasNext());
  }

  @Test
  void iterationRemoveAllAndClearCoverEntriesOnlyOnDisk() {
    open("disk-only");
    for (int i = 0; i < 50; i++) {
      users().put("u" + i, new User("U" + i, i));
    }
    open("disk-only");
    int[] count = new int[1];
    users().forEach(e -> count[0]++);
    assertEquals(50, count[0]);
    users().removeAll();
    open("disk-only");
    assertFalse(users().iterator().hasNext());
    users().put("x", new User("X", 1));
    open("disk-only");
    users().clear();
    open("disk-only");
    assertNull(users().get("x"));
  }

  @Test
  void aBoundedMemoryTierReadsTheRestFromTheFile() {
    open("bounded");
    LarderConfiguration<Integer, String> config = new LarderConfiguration<Integer, String>().setMaximumSize(100);
    config.setTypes(Integer.class, String.class);
    Cache<Integer, String> cache = manager.createCache("bounded", config);
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, "v" + i);
    }
    for (int i = 0; i < 1_000; i++) {
      assertEquals("v" + i, cache.get(i), "the file keeps what memory evicted");
    }
  }

  @Test
  void aValueThatCannotBeEncodedFailsThePutAndStoresNothing() {
    open("unencodable");
    Cache<String, Object> cache = manager.createCache("objects", new MutableConfiguration<String, Object>()
        .setStoreByValue(false));
    Object selfReferencing = new Object() {
      @SuppressWarnings("unused")
      public final Object self = this;
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put("bad", selfReferencing));
    assertTrue(e.getMessage().contains("objects") && e.getMessage().contains("bad"), e.getMessage());
    assertNull(cache.get("bad"));
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void aTypeThatIsNotAllowedIsRefusedWhenRead() throws Exception {
    open("tampered");
    Cache<String, String> cache = manager.createCache("strings",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "harmless");
    manager.close();
    manager = null;
    // rewrite the stored type to a class the cache must never instantiate, with a matching checksum
    // (a checksum detects damage, not a deliberate change: the allowlist is what stops this one)
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tampered").resolve("strings.db"));
        var rows = c.createStatement().executeQuery("SELECT k, deadline FROM entries")) {
      rows.next();
      byte[] key = rows.getBytes(1);
      long deadline = rows.getLong(2);
      byte[] value = "java.lang.ProcessBuilder\n{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(key);
      crc.update(value);
      crc.update(java.nio.ByteBuffer.allocate(8).putLong(deadline).array());
      try (var update = c.prepareStatement("UPDATE entries SET v = ?, sum = ? WHERE k = ?")) {
        update.setBytes(1, value);
        update.setLong(2, crc.getValue());
        update.setBytes(3, key);
        assertEquals(1, update.executeUpdate());
      }
    }
    open("tampered");
    Cache<String, String> reopened = manager.getCache("strings", String.class, String.class);
    Cache<String, String> strings = reopened != null ? reopened : manager.createCache("strings",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    CacheException e = assertThrows(CacheException.class, () -> strings.get("k"));
    assertTrue(e.getMessage().contains("java.lang.ProcessBuilder") && e.getMessage().contains("allowTypes"),
        e.getMessage());
  }

  @Test
  void aCorruptFileIsReportedWithItsName() throws IOException {
    Files.createDirectories(dir.resolve("corrupt"));
    Files.write(dir.resolve("corrupt").resolve("users.db"), "this is not a database, just some text that fills a page".repeat(100).getBytes());
    open("corrupt");
    CacheException e = assertThrows(CacheException.class, this::users);
    assertTrue(e.getMessage().contains("users.db") && e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsReportedNotMisread() throws IOException {
    open("truncated");
    for (int i = 0; i < 2_000; i++) {
      users().put("user-" + i, new User("U" + i, i));
    }
    manager.close();
    manager = null;
    Path file = dir.resolve("truncated").resolve("users.db");
    long size = Files.size(file);
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size / 2);
    }
    open("truncated");
    CacheException e = assertThrows(CacheException.class, () -> {
      Cache<String, User> cache = users();
      for (int i = 0; i < 2_000; i++) {
        User u = cache.get("user-" + i);
        if (u != null && !u.equals(new User("U" + i, i))) {
          throw new AssertionError("wrong data for user-" + i + ": " + u);
        }
      }
      cache.forEach(entry -> { });
    });
    assertTrue(e.getMessage().contains("users.db") && e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void aStoreOpenElsewhereIsAClearError() {
    open("locked");
    users().put("alice", new User("Alice", 30));
    CacheManager first = manager;
    manager = null;
    try {
      // another provider instance: another manager for the same URI and class loader, the same files
      Properties p = new Properties();
      p.setProperty("larder.mode", "persistent");
      p.setProperty("larder.directory", dir.toString());
      manager = new LarderCachingProvider().getCacheManager(URI.create("locked"), getClass().getClassLoader(), p);
      CacheException e = assertThrows(CacheException.class, this::users);
      assertTrue(e.getMessage().contains("users.db") && e.getMessage().contains("already open"), e.getMessage());
    } finally {
      first.close();
    }
  }

  @Test
  void storeFilesAreOwnerOnly() throws IOException {
    open("permissions");
    users().put("alice", new User("Alice", 30));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("permissions").resolve("users.db"))));
  }

  @Test
  void writeBehindAndFsyncKeepWhatWasWrittenAcrossACleanClose() {
    for (Durability durability : Durability.values()) {
      open("durability-" + durability);
      LarderConfiguration<String, String> config = new LarderConfiguration<String, String>().setDurability(durability);
      config.setTypes(String.class, String.class);
      String name = "d-" + durability.name().toLowerCase();
      manager.createCache(name, config).put("k", durability.name());
      open("durability-" + durability);
      Cache<String, String> again = manager.createCache(name, config);
      assertEquals(durability.name(), again.get("k"));
    }
  }

  @Test
  void theModeCanComeFromTheUriQuery() throws IOException {
    Properties p = new Properties();
    p.put(LarderCacheManager.CLOCK_PROPERTY, clock);
    String query = "?larder.mode=persistent&larder.directory=" + dir.toUri().getPath();
    manager = provider.getCacheManager(URI.create("query" + query), getClass().getClassLoader(), p);
    manager.createCache("q", new MutableConfiguration<String, String>()).put("k", "v");
    try (var files = Files.walk(dir)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("q.db")));
    }
    @SuppressWarnings("unchecked")
    LarderConfiguration<String, String> seen = manager.getCache("q").getConfiguration(LarderConfiguration.class);
    assertEquals(Mode.PERSISTENT, seen.getMode());
  }
}
