package dev.larder.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A key held by an exclusive step: the table holds this marker under the key while one thread
 * runs a step that may block (a commit to a store file, a call to a cache writer or loader, the
 * delivery of a synchronous event) — without holding any lock that other keys share.
 *
 * <p>Readers see the entry as it was until the step {@linkplain EntryTable#publish publishes} its
 * change, then the new entry; they never wait. Other steps on the key wait until the lock is
 * released, then start over. The owning thread may enter again (a synchronous listener that calls
 * back into the cache for the same key, or a batch holding several keys): nested steps work on
 * what the outer ones published, and the last release installs the result.
 *
 * <p>A thread that waits for a lock while holding another is checked for a cycle of such waits
 * (two listeners writing each other's keys from two threads); the step that would close the cycle
 * fails with an {@link IllegalStateException} instead of deadlocking.
 *
 * @param <V> the stored value type
 */
public final class KeyLock<V> extends Pending<V> {

  /** Which lock each waiting thread waits for: consulted only to find a cycle of waits. */
  private static final ConcurrentHashMap<Thread, KeyLock<?>> WAITING = new ConcurrentHashMap<>();

  final Object key;
  final Thread owner;
  /** How many times the owner holds it (owner only). */
  int depth;
  /** What the table will hold once the lock is released (owner only). */
  Object next;
  /**
   * Whether {@link #next} is known to be the authority's state: false while the key had nothing in
   * memory and a store may still have to read it from its authority (owner only).
   */
  boolean known;
  private volatile boolean released;
  private volatile int waiters;

  KeyLock(Object key, Object replaced, Holder<V> visible) {
    super(replaced, visible);
    this.key = key;
    this.owner = Thread.currentThread();
    this.next = replaced;
    this.known = replaced != null;
  }

  /**
   * Tells whether the key's state under this lock is known: false while memory had nothing for the
   * key and nothing was published or loaded since (a store with an authority reads it first).
   *
   * @return {@code true} if the lock's current entry is authoritative
   */
  public boolean isKnown() {
    return known;
  }

  /**
   * Records that the key's state was read from the authority (with {@link EntryTable#publishLoaded}
   * or because there was nothing).
   */
  public void markKnown() {
    known = true;
  }

  /** Releases the lock and wakes its waiters (after the table installed {@link #next}). */
  void release() {
    released = true;
    if (waiters > 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until the owner releases this lock.
   *
   * @throws IllegalStateException if waiting would close a cycle of threads waiting for each
   *     other's keys, or if the thread is interrupted
   */
  void await() {
    Thread me = Thread.currentThread();
    WAITING.put(me, this);
    try {
      checkCycle(me);
      synchronized (this) {
        waiters++;
        try {
          while (!released) {
            wait();
          }
        } finally {
          waiters--;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for key " + Keys.abbreviate(key)
          + ", held by thread " + owner.getName(), e);
    } finally {
      WAITING.remove(me);
    }
  }

  private void checkCycle(Thread me) {
    Thread holder = released ? null : owner;
    for (int hops = 0; hops < 64 && holder != null; hops++) {
      if (holder == me) {
        throw new IllegalStateException("Key " + Keys.abbreviate(key) + " is held by a step that waits, through "
            + (hops + 1) + " thread(s), for a key this thread holds: the wait would never end. This happens"
            + " when synchronous listeners (or cache writers) of two keys write each other's key from two"
            + " threads at the same moment; make one of them asynchronous, or write the other key outside the listener");
      }
      KeyLock<?> awaited = WAITING.get(holder);
      // a lock released meanwhile no longer holds anyone up (its waiter is just waking)
      holder = awaited == null || awaited.released ? null : awaited.owner;
    }
  }

  @Override
  public String toString() {
    return "KeyLock[" + owner.getName() + "]";
  }
}
