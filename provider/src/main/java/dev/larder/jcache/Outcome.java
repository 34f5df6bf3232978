package dev.larder.jcache;

import dev.larder.event.LarderEntryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call did: the events it produced and the statistics it must count, collected while the
 * key's lock is held and acted on once it is released. Not thread-safe: one per call.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Outcome<K, V> {

  List<LarderEntryEvent<K, V>> events;
  long hits;
  long misses;
  long puts;
  long removals;
  /** The earliest finite deadline this call gave an entry (noted once the key's lock is released). */
  long deadline = dev.larder.engine.Deadlines.NEVER;

  /** Remembers a deadline given to an entry while the key's lock is held. */
  void noteDeadline(long next) {
    if (next < deadline) {
      deadline = next;
    }
  }

  void add(LarderEntryEvent<K, V> event) {
    if (events == null) {
      events = new ArrayList<>(2);
    }
    events.add(event);
  }
}
