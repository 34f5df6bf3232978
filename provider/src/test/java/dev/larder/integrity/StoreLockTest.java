package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 9: a store file is opened for writing from one place at a time, and a failed
 * attempt from this JVM never releases the lock that another cache manager of this JVM holds; a
 * pre-existing store folder with loose permissions is tightened.
 */
class StoreLockTest {

  @TempDir
  Path dir;

  static Cache<String, String> open(LarderCachingProvider provider, Path dir) {
    CacheManager manager = provider.getCacheManager(URI.create("larder:locks"), null);
    LarderConfiguration<String, String> config = new LarderConfiguration<>();
    config.setTypes(String.class, String.class);
    config.setMode(Mode.PERSISTENT).setDirectory(dir.toString());
    return manager.createCache("shared", config);
  }

  /** Child JVM: tries to open the store and prints "opened" or "refused". */
  public static void main(String[] args) {
    LarderCachingProvider provider = new LarderCachingProvider();
    try {
      open(provider, Path.of(args[0])).put("child", "was here");
      System.out.println("opened");
    } catch (CacheException e) {
      System.out.println("refused " + e.getMessage());
    } finally {
      provider.close();
    }
  }

  private String runChild() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StoreLockTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.append(line).append('\n');
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    return out.toString();
  }

  @Test
  void aFailedSecondOpenInThisJvmKeepsTheFirstOnesLock() throws Exception {
    LarderCachingProvider first = new LarderCachingProvider();
    LarderCachingProvider second = new LarderCachingProvider();
    try {
      Cache<String, String> cache = open(first, dir);
      cache.put("k", "v");
      CacheException e = assertThrows(CacheException.class, () -> open(second, dir));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      String child = runChild();
      assertTrue(child.contains("refused"), "another process must still be refused: " + child);
      assertEquals("v", cache.get("k"));
    } finally {
      second.close();
      first.close();
    }
    assertTrue(runChild().contains("opened"), "once closed, the store opens elsewhere");
  }

  @Test
  void aStoreFolderWithLoosePermissionsIsMadeOwnerOnly() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("larder_locks-" + "x").getParent().resolve("pre"));
    LarderCachingProvider provider = new LarderCachingProvider();
    try {
      Path data = dir.resolve("data");
      // the manager folder exists already, created by someone with a permissive umask
      Path managerFolder = Files.createDirectories(data);
      Files.setPosixFilePermissions(managerFolder, PosixFilePermissions.fromString("rwxrwxrwx"));
      open(provider, data).put("k", "v");
      try (var files = Files.walk(data)) {
        files.forEach(p -> {
          try {
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            if (Files.isDirectory(p) && !p.equals(data)) {
              assertEquals("rwx------", perms, p.toString());
            } else if (!Files.isDirectory(p)) {
              assertEquals("rw-------", perms, p.toString());
            }
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
      }
      Path storeFolder = StoreFiles.find(data, "shared").getParent();
      Files.setPosixFilePermissions(storeFolder, PosixFilePermissions.fromString("rwxrwxrwx"));
      provider.close();
      provider = new LarderCachingProvider();
      open(provider, data).get("k");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFolder)),
          "a store folder made accessible to others is made owner-only again on open");
    } finally {
      provider.close();
    }
    assertTrue(Files.isDirectory(folder));
  }
}
