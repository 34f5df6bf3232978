package dev.larder.store.persistent;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Creates the persistent store's files and folders readable by their owner only (POSIX
 * {@code rw-------} and {@code rwx------}), and tightens existing ones that others may read or
 * write. On a file system without POSIX permissions, files are created plainly.
 */
final class PrivateFiles {

  private static final Logger LOG = Logger.getLogger(StoreFile.class.getName());
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /**
   * Creates a file or folder readable by its owner only; one that exists already is made so if
   * others may read or write it (a folder made with a permissive umask, a file copied in).
   */
  static void create(Path p, boolean directory) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Set<PosixFilePermission> wanted = directory ? OWNER_DIR : OWNER_FILE;
    if (Files.exists(p)) {
      if (posix && !Files.getPosixFilePermissions(p).equals(wanted)) {
        tighten(p, wanted);
      }
      return;
    }
    if (directory) {
      if (posix) {
        Files.createDirectories(p, PosixFilePermissions.asFileAttribute(wanted));
      } else {
        Files.createDirectories(p);
      }
    } else if (posix) {
      Files.createFile(p, PosixFilePermissions.asFileAttribute(wanted));
    } else {
      Files.createFile(p);
    }
  }

  private static void tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
    String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    try {
      Files.setPosixFilePermissions(p, wanted);
    } catch (IOException e) {
      throw new IOException(p + " has permissions " + before + " and cannot be made owner-only ("
          + PosixFilePermissions.toString(wanted) + "): " + e.getMessage() + ". Larder keeps cache data"
          + " private to the user that runs it; fix the permissions or choose another directory", e);
    }
    LOG.info("made " + p + " owner-only (" + PosixFilePermissions.toString(wanted) + ", was " + before + ")");
  }
}
