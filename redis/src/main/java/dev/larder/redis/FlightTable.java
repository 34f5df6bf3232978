package dev.larder.redis;

import dev.larder.engine.Deadlines;
import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.engine.Keys;
import io.lettuce.core.ScriptOutputType;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The computations in flight of one shared cache that this instance knows of. A flight is an
 * entry's {@code f} field in Redis (token, owner, lease deadline), so every instance sees it:
 * <ul>
 *   <li>a flight this instance started ({@link #started}) is handed back as the very {@link Flight}
 *   object the cache created, so the cache's "is my flight still in place" checks work; its lease
 *   is renewed while it runs ({@link #renew});</li>
 *   <li>a flight of another instance is handed out as a stand-in ({@link Flight#elsewhere}), one
 *   per flight, whose future this table completes when the flight ends: with the value stored,
 *   or with {@link Flight.Lost} (it ended without one, or its lease ran out because its instance
 *   died), and then the waiting callers compute again. The end is noticed through the key's
 *   notice on the notify channel ({@link #check}) or, at the latest, by polling ({@link #poll}).</li>
 * </ul>
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class FlightTable<K, V> {

  private static final Logger LOG = Logger.getLogger(FlightTable.class.getName());

  /** A flight this instance runs. */
  record Own<V>(String token, Flight<V> flight, byte[] member, int bucket) {}

  /** A flight another instance runs, as this instance waits for it. */
  private record Away<K, V>(K key, String token, Flight<V> flight, byte[] member, int bucket) {}

  private final Calls calls;
  private final Layout layout;
  private final ServerClock time;
  private final long leaseMillis;
  private final long graceMillis;
  /** Decodes a value read for a key (throws a CacheException naming both if it cannot). */
  private final BiFunction<byte[], Object, V> decoder;
  private final ConcurrentHashMap<K, Own<V>> own = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteBuffer, Away<K, V>> away = new ConcurrentHashMap<>();

  FlightTable(Calls calls, Layout layout, ServerClock time, long leaseMillis, long graceMillis,
      BiFunction<byte[], Object, V> decoder) {
    this.calls = calls;
    this.layout = layout;
    this.time = time;
    this.leaseMillis = leaseMillis;
    this.graceMillis = graceMillis;
    this.decoder = decoder;
  }

  /** The flight this instance runs for a key under a token, or {@code null}. */
  Flight<V> own(K key, String token) {
    Own<V> o = own.get(key);
    return o != null && o.token.equals(token) ? o.flight : null;
  }

  /** The flight this instance runs for a key, or {@code null}. */
  Own<V> ownOf(K key) {
    return own.get(key);
  }

  /** Records a flight this instance started (its commit is done). */
  void started(K key, String token, Flight<V> flight, byte[] member, int bucket) {
    own.put(key, new Own<>(token, flight, member, bucket));
  }

  /** Forgets this instance's flight of a key: a commit of this instance replaced or ended it. */
  void ended(K key) {
    own.remove(key);
  }

  /**
   * Returns the stand-in of another instance's flight, the same object for every caller while
   * that flight lasts.
   *
   * @param key the key
   * @param member the encoded key
   * @param bucket its bucket
   * @param token the flight's token
   * @param over the live entry readers keep seeing (a refresh), or {@code null}
   * @return the stand-in
   */
  Flight<V> elsewhere(K key, byte[] member, int bucket, String token, Holder<V> over) {
    Away<K, V>[] replaced = new Away[1];
    Away<K, V> a = away.compute(ByteBuffer.wrap(member), (m, old) -> {
      if (old != null && old.token.equals(token)) {
        return old;
      }
      replaced[0] = old;
      return new Away<>(key, token, Flight.elsewhere(over), member, bucket);
    });
    if (replaced[0] != null) {
      lost(replaced[0]);
    }
    return a.flight;
  }

  /** Looks again at another instance's flight of a key: a notice says the key's flight may have ended. */
  void check(byte[] member) {
    Away<K, V> a = away.get(ByteBuffer.wrap(member));
    if (a != null) {
      verify(a);
    }
  }

  /** Looks again at every flight of other instances (the fallback for notices that were lost). */
  void poll() {
    for (Away<K, V> a : away.values()) {
      verify(a);
    }
  }

  private void verify(Away<K, V> a) {
    calls.redis.hmget(layout.entry(a.bucket, a.member), Raw.FIELDS).toCompletableFuture()
        .thenAcceptAsync(fields -> resolve(a, Raw.of(fields)), calls.link.workers)
        .whenComplete((done, failure) -> {
          if (failure != null) {
            LOG.log(Level.FINE, "looking at a flight failed; polling again", failure);
          }
        });
  }

  private void resolve(Away<K, V> a, Raw raw) {
    long now = time.serverNow();
    if (a.token.equals(raw.flight()) && raw.flying(now)) {
      return; // still computing
    }
    if (!away.remove(ByteBuffer.wrap(a.member), a)) {
      return;
    }
    boolean live = raw.value() != null && (raw.deadline() == Deadlines.NEVER || raw.deadline() > now);
    if (!live) {
      lost(a);
      return;
    }
    try {
      a.flight.future().complete(decoder.apply(raw.value(), a.key));
    } catch (RuntimeException e) {
      a.flight.future().completeExceptionally(e);
    }
  }

  private void lost(Away<K, V> a) {
    a.flight.future().completeExceptionally(new Flight.Lost("Cache '" + calls.cacheName + "': the computation of key "
        + Keys.abbreviate(a.key) + " in another instance ended without a value"));
  }

  /** Extends the leases of the flights this instance runs; forgets those another change replaced. */
  void renew() {
    for (java.util.Map.Entry<K, Own<V>> e : own.entrySet()) {
      Own<V> o = e.getValue();
      calls.script(Script.RENEW_FLIGHT, ScriptOutputType.INTEGER,
          new byte[][] {layout.entry(o.bucket, o.member), layout.deadlineIndex(o.bucket)}, Layout.utf8(o.token),
          Layout.utf8(Long.toString(leaseMillis)), o.member, Layout.utf8(Long.toString(graceMillis)))
          .whenComplete((answer, failure) -> {
            if (failure == null && Long.valueOf(0).equals(answer)) {
              own.remove(e.getKey(), o);
            }
          });
    }
  }

  /** Ends the waits for other instances' flights: the store closes. */
  void close() {
    for (Away<K, V> a : away.values()) {
      if (away.remove(ByteBuffer.wrap(a.member), a)) {
        a.flight.future().completeExceptionally(new javax.cache.CacheException("Cache '" + calls.cacheName
            + "' was closed while waiting for the computation of key " + Keys.abbreviate(a.key)
            + " in another instance"));
      }
    }
  }
}
