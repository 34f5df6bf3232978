package dev.larder.store.persistent;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a store file counts of its own work: commits (how many, how long, how many writes) and
 * point reads, plus the last commit failure. Counted always: the cost, a few nanoseconds, is far
 * below that of a commit or a read of the file.
 */
final class StoreCounters {

  private final LongAdder commits = new LongAdder();
  private final LongAdder commitNanos = new LongAdder();
  private final LongAdder committedWrites = new LongAdder();
  private final LongAdder commitFailures = new LongAdder();
  private final LongAdder fileReads = new LongAdder();
  /** The message of the last commit, if it failed; {@code null} once a commit succeeded after it. */
  private volatile String unresolvedFailure;

  /** Counts a committed transaction of {@code writes} writes that took {@code nanos}. */
  void committed(int writes, long nanos) {
    commits.increment();
    committedWrites.add(writes);
    commitNanos.add(nanos);
    if (unresolvedFailure != null) {
      unresolvedFailure = null;
    }
  }

  /** Counts a failed transaction. */
  void failed(RuntimeException e) {
    commitFailures.increment();
    unresolvedFailure = String.valueOf(e.getMessage());
  }

  /** Counts one point read of the file. */
  void fileRead() {
    fileReads.increment();
  }

  long commits() {
    return commits.sum();
  }

  long commitNanos() {
    return commitNanos.sum();
  }

  long committedWrites() {
    return committedWrites.sum();
  }

  long commitFailures() {
    return commitFailures.sum();
  }

  long fileReads() {
    return fileReads.sum();
  }

  /** The last commit's failure if no commit succeeded after it, else {@code null}. */
  String unresolvedFailure() {
    return unresolvedFailure;
  }
}
