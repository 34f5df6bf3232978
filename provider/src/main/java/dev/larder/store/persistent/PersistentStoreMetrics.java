package dev.larder.store.persistent;

import dev.larder.LarderCacheMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A persistent store's {@link LarderCacheMetrics.StoreMetrics}: the counters of its file, and a
 * check of whether the file can take writes now.
 */
final class PersistentStoreMetrics implements LarderCacheMetrics.StoreMetrics {

  private final StoreFile file;
  private final Path absolute;

  PersistentStoreMetrics(StoreFile file) {
    this.file = file;
    this.absolute = file.path().toAbsolutePath();
  }

  @Override
  public String location() {
    return absolute.toString();
  }

  @Override
  public long commits() {
    return file.counters.commits();
  }

  @Override
  public long commitNanos() {
    return file.counters.commitNanos();
  }

  @Override
  public long committedWrites() {
    return file.counters.committedWrites();
  }

  @Override
  public long commitFailures() {
    return file.counters.commitFailures();
  }

  @Override
  public long fileReads() {
    return file.counters.fileReads();
  }

  /**
   * Checks, in order: the folder exists and is a folder, this process may write in it (a probe
   * file is created and deleted, so a read-only mount is found too), the store file still exists,
   * the writer lock still holds, and the last commit did not fail.
   */
  @Override
  public Optional<String> problem() {
    Path folder = absolute.getParent();
    if (!Files.isDirectory(folder)) {
      return Optional.of("the folder " + folder + " of the store file " + absolute.getFileName()
          + " no longer exists (moved, deleted or unmounted); writes cannot reach the file's folder");
    }
    if (!Files.isWritable(folder)) {
      return Optional.of("the folder " + folder + " is not writable by this user; writes to "
          + absolute.getFileName() + " will fail: fix its permissions");
    }
    try {
      Files.delete(Files.createTempFile(folder, ".larder-health-", ".tmp"));
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot create files in the folder " + folder + " (" + e
          + "); writes to " + absolute.getFileName() + " will fail: is the disk full or mounted read-only?");
    }
    if (!Files.exists(absolute)) {
      return Optional.of("the store file " + absolute + " was deleted; its entries will be lost at the"
          + " next restart");
    }
    String lock = file.lockProblem();
    if (lock != null) {
      return Optional.of(lock);
    }
    String failure = file.counters.unresolvedFailure();
    return failure == null ? Optional.empty()
        : Optional.of("the last commit to " + absolute + " failed: " + failure);
  }
}
