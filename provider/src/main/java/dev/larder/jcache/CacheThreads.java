package dev.larder.jcache;

import dev.larder.engine.Timekeeper;
import dev.larder.event.OrderedLanes;

/**
 * The threads a caching provider runs for its caches: the {@link Timekeeper} (recent clock and
 * background maintenance) and the {@link OrderedLanes} that deliver events to asynchronous
 * listeners. They run while at least one cache of the provider is open; when the last one closes
 * they are stopped and waited for, so closing a provider (or all its managers) leaves no thread of
 * Larder's behind. Opening a cache again starts them again.
 */
public final class CacheThreads {

  private final Timekeeper timekeeper = new Timekeeper();
  private final OrderedLanes lanes = new OrderedLanes(timekeeper.threadPrefix());
  private int openCaches;

  /** Creates the threads' owner; nothing runs until a cache opens. */
  public CacheThreads() {}

  /**
   * Returns the timekeeper, whose clock caches read unless a test injects one.
   *
   * @return the timekeeper
   */
  public Timekeeper timekeeper() {
    return timekeeper;
  }

  /**
   * Returns the delivery lanes for asynchronous listeners.
   *
   * @return the lanes
   */
  public OrderedLanes lanes() {
    return lanes;
  }

  /** Notes that a cache opened; the first one starts the threads. */
  synchronized void cacheOpened() {
    if (openCaches++ == 0) {
      timekeeper.acquire();
    }
  }

  /** Notes that a cache closed; the last one stops the threads and waits for them to end. */
  void cacheClosed() {
    synchronized (this) {
      if (openCaches == 0 || --openCaches > 0) {
        return;
      }
    }
    timekeeper.release();
    lanes.shutdown();
  }
}
