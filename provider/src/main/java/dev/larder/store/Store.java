package dev.larder.store;

import dev.larder.engine.ExpirySweeper;
import dev.larder.engine.Holder;
import dev.larder.engine.Step;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Where a cache keeps its entries: the contract between the JCache layer and storage.
 *
 * <p>Keys and values arrive here already in their stored form (copied, for store-by-value
 * caches). A store knows nothing of events, statistics, loaders or writers. It offers lock-free
 * reads and one way to change a key: {@link #apply}, which runs a {@link Step} with the key held
 * and commits what the step decided. The heap store is the in-memory engine; the persistent store
 * puts a file behind the same engine; every store runs the same contract tests.
 *
 * <h2>The rules every store keeps</h2>
 * <ol>
 *   <li><b>One authority.</b> Where memory sits in front of another tier (a file, a server), that
 *   tier is the authority: a change is committed there first, and only then does memory show it
 *   and does the step's {@code committed} run (which queues events). A failed commit changes
 *   nothing, in memory or elsewhere, and the call fails.</li>
 *   <li><b>Faults go through the key.</b> An entry read from the authority into memory (a
 *   fault-in) is read and installed while the key is held, so a removal or write of that key
 *   cannot land in between and be undone by it.</li>
 *   <li><b>Computations never overwrite.</b> A computation in flight is a {@link
 *   dev.larder.engine.Flight} marker under its key; a change of the key replaces or drops it, and
 *   the computation's result is stored only if its flight is still in place.</li>
 *   <li><b>No shared lock across I/O.</b> A step that may block (see {@code mayBlock}) holds only
 *   its own key: steps on other keys never wait for it.</li>
 * </ol>
 *
 * @param <K> key type
 * @param <V> stored value type
 */
public interface Store<K, V> extends AutoCloseable, ExpirySweeper.Target<K, V> {

  /**
   * The read path: returns the live value of a key, without any lock, renewing the entry's time
   * to live if the cache's policy says reads do. A marker reads as the entry it stands in for.
   *
   * @param key the key, not {@code null}
   * @return the live value, or {@code null} if the key has no live entry
   */
  V read(Object key);

  /**
   * Returns the stored entry for a key, live or expired, or the marker in its place.
   *
   * @param key the key, not {@code null}
   * @return the entry, or {@code null} if nothing is stored
   */
  Holder<V> get(Object key);

  /**
   * Returns the stored entries of several keys, as {@link #get} would one by one; a store with an
   * authority behind a network asks for them together (one round trip, not one per key).
   *
   * @param keys the keys, none {@code null}
   * @return the entry (or marker, or {@code null}) of each key, in the keys' order
   */
  default java.util.List<Holder<V>> getAll(java.util.List<? extends K> keys) {
    java.util.List<Holder<V>> out = new java.util.ArrayList<>(keys.size());
    for (K key : keys) {
      out.add(get(key));
    }
    return out;
  }

  /**
   * Runs one atomic step on a key: {@link Step#decide} with the key held, the commit of its
   * change, then {@link Step#committed}. If {@code decide} throws or the commit fails, nothing
   * changes and the exception reaches the caller.
   *
   * @param key the key, not {@code null}; stored as given if the key is new
   * @param step the step
   * @param mayBlock whether {@code decide} or {@code committed} may block (call a writer, a loader,
   *     a synchronous listener): the store then holds this key alone while they run
   */
  void apply(K key, Step<K, V> step, boolean mayBlock);

  /**
   * Tells whether {@link #applyDirect} may run writes at all (a store whose authority is behind a
   * network, where reading before writing costs a round trip). The default is {@code false}.
   *
   * @return {@code true} if the store offers direct writes
   */
  default boolean writesDirect() {
    return false;
  }

  /**
   * Optionally runs a write whose decision needs no code of the application in one atomic action
   * of the authority: the decision (by the key's liveness, as {@link DirectWrite} says) and the
   * commit together, then {@link DirectWrite#runCommitted} with the key still held. The caller
   * uses it only when no writer, no synchronous listener and no expiry policy of the application's
   * own is involved. A store that cannot run it now (the default; or another holder of the key
   * whose step must be waited for) returns {@code false} having changed nothing, and the caller
   * runs the write as a {@link Step} with {@link #apply}. The rules of {@link #apply} hold: the
   * authority commits first, a failed commit changes nothing and throws, and the write replaces a
   * computation in flight, whose result then is not stored.
   *
   * @param key the key, not {@code null}; stored as given if the key is new
   * @param write the write
   * @return {@code true} if the write ran (committed), {@code false} if the caller must use {@link #apply}
   */
  default boolean applyDirect(K key, DirectWrite<K, V> write) {
    return false;
  }

  /**
   * Runs several {@link #applyDirect direct writes}, as {@link #applyDirect} would one after
   * another (each key's write is atomic on its own, not the batch); a store with an authority behind
   * a network may send them together (one round trip for many keys). If a write fails, others may
   * have run; the exception reaches the caller.
   *
   * @param keys the keys, distinct, none {@code null}
   * @param writes the write of each key, in the keys' order
   * @return for each key, whether its write ran; {@code false} means the caller must use {@link #apply}
   */
  default boolean[] applyAllDirect(java.util.List<? extends K> keys,
      java.util.List<? extends DirectWrite<K, V>> writes) {
    boolean[] ran = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      ran[i] = applyDirect(keys.get(i), writes.get(i));
    }
    return ran;
  }

  /**
   * Runs one step per key, as {@link #apply} would run them one after another (each key's step is
   * atomic on its own, not the batch); a store with an authority behind a network may take the keys
   * and commit their changes together (one round trip for all, not one per key). If a step's
   * {@code decide} or commit fails, the keys before it may have been changed; the exception reaches
   * the caller.
   *
   * @param keys the keys, distinct, none {@code null}
   * @param steps the step of each key, in the keys' order
   * @param mayBlock as for {@link #apply}
   */
  default void applyAll(java.util.List<? extends K> keys, java.util.List<? extends Step<K, V>> steps,
      boolean mayBlock) {
    for (int i = 0; i < keys.size(); i++) {
      apply(keys.get(i), steps.get(i), mayBlock);
    }
  }

  /**
   * Holds several keys for this thread at once, for a step that spans them (a batch write-through):
   * {@link #apply} on a held key from this thread runs inside the hold; other threads wait until
   * {@link Hold#close()}.
   *
   * @param keys the keys
   * @return the hold, to close when done
   */
  Hold hold(Collection<K> keys);

  /** Keys held by {@link #hold}; closing releases them. */
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Tells the store that a read moved an entry's deadline in place, outside any step (an access
   * that renews a time to live, seen by an iterator or {@code getAll}). A persistent store records
   * the new deadline in the background.
   *
   * @param key the entry's key
   * @param entry the entry, whose {@link Holder#deadline()} has moved
   */
  default void renewed(K key, Holder<V> entry) {}

  /**
   * Returns the number of stored entries, expired ones included.
   *
   * @return the count
   */
  long size();

  /** Removes every entry, without any notification. */
  void clear();

  /**
   * Returns a weakly consistent iterator over every mapping, expired ones and markers included.
   *
   * @return the iterator
   */
  Iterator<Map.Entry<K, Holder<V>>> iterator();

  /**
   * Checks, before anything is written, that the store can hold a key and value: a persistent
   * store must be able to encode them and read them back equal. The default accepts everything.
   *
   * @param key the key
   * @param value the value
   * @throws IllegalArgumentException naming the cache, the key and the type if they cannot be stored
   */
  default void check(Object key, Object value) {}

  /**
   * Periodic housekeeping, called by the cache's maintenance thread about ten times a second
   * (tests call it directly): for a store with an authority behind memory, the expiry of entries
   * only the authority holds (reported to its {@link StoreExpiry}). The default does nothing.
   *
   * @return how many entries it expired
   */
  default int maintain() {
    return 0;
  }

  /**
   * Tells the store that the cache's listeners changed (one was registered or deregistered), so
   * that a shared store may start or stop receiving the changes of other instances ({@link
   * StoreExpiry#wantsChanges}). Returns once changes committed from then on will be reported. The
   * default does nothing.
   */
  default void listenersChanged() {}

  /** Releases the store's resources; the store is not used afterwards. */
  @Override
  void close();
}
