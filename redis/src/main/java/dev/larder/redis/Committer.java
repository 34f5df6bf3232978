package dev.larder.redis;

import dev.larder.engine.Deadlines;
import dev.larder.engine.Holder;
import dev.larder.engine.Step;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;

/**
 * Commits the change a step decided, for a {@link RedisStore}: one {@code commit.lua} call under
 * the step's lease, with the events other instances' listeners get; then this instance's
 * bookkeeping (its flights, the sweep's deadlines, the bound). A commit whose answer was lost is
 * resolved once its deadline has passed.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class Committer<K, V> {

  /** How long past a commit's deadline (by this instance's estimate of the server's time) it is checked. */
  static final long RESOLVE_MARGIN_MILLIS = 50;

  private final RedisStore<K, V> store;
  /** How long a commit's done marker stays in Redis (longer than a replay can come). */
  private final long doneMillis;

  Committer(RedisStore<K, V> store, long doneMillis) {
    this.store = store;
    this.doneMillis = doneMillis;
  }

  /** A commit sent to Redis whose answer is still to be waited for ({@link #complete}). */
  final class Sent {
    final K key;
    final int bucket;
    final Step<K, V> step;
    final Leases.Held held;
    final String deadline;
    final String flight;
    final boolean release;
    final byte[] done;
    final long lateAfter;
    final CompletableFuture<List<Object>> answer;

    Sent(K key, int bucket, Step<K, V> step, Leases.Held held, String deadline, String flight, boolean release,
        byte[] done, long lateAfter, CompletableFuture<List<Object>> answer) {
      this.key = key;
      this.bucket = bucket;
      this.step = step;
      this.held = held;
      this.deadline = deadline;
      this.flight = flight;
      this.release = release;
      this.done = done;
      this.lateAfter = lateAfter;
      this.answer = answer;
    }
  }

  /** Commits a step's change under its lease; throws, with nothing applied, if it cannot. */
  void commit(K key, byte[] member, int bucket, Holder<V> current, Step<K, V> step, Leases.Held held) {
    Sent sent = send(key, member, bucket, current, step, held);
    if (sent != null) {
      complete(sent);
    }
  }

  /**
   * Sends the commit of a step's change under its lease, without waiting for the answer.
   *
   * @return the commit to {@link #complete}, or {@code null} if there is nothing to write
   */
  Sent send(K key, byte[] member, int bucket, Holder<V> current, Step<K, V> step, Leases.Held held) {
    Step.Change change = step.change();
    FlightTable.Own<V> own = store.flights.ownOf(key);
    if (change == Step.Change.KEEP
        || change == Step.Change.ABANDON && (own == null || own.flight() != step.flight())) {
      return null; // nothing to write (a flight given up that is not this instance's is not in Redis)
    }
    byte[] value = new byte[0];
    String deadline = "";
    String flight = "";
    switch (change) {
      case SET -> {
        value = store.encodeValue(step.value(), key);
        long server = store.time.toServer(step.deadline());
        deadline = server == Deadlines.NEVER ? "" : Long.toString(server);
      }
      case FLIGHT -> {
        flight = held.token + ".f";
        value = Layout.utf8(step.flight().isEmpty() ? "0" : "1");
      }
      case ABANDON -> flight = own.token();
      default -> { }
    }
    String op = held.nextOp();
    boolean release = held.depth == 1;
    Layout layout = store.layout;
    byte[][] keys = {layout.entry(bucket, member), layout.lease(bucket, member), layout.keyIndex(bucket),
        layout.deadlineIndex(bucket), layout.done(bucket, op)};
    long lateAfter = store.time.serverNow() + store.calls.timeoutMillis;
    CompletableFuture<List<Object>> answer = store.calls.script(Script.COMMIT, ScriptOutputType.MULTI, keys,
        Layout.utf8(held.token), Layout.utf8(Long.toString(lateAfter)),
        Layout.utf8(release ? "1" : "0"), Layout.utf8(change == Step.Change.SET ? "S"
            : change == Step.Change.REMOVE ? "R" : change == Step.Change.FLIGHT ? "F" : "A"),
        member, value, Layout.utf8(deadline), Layout.utf8(flight), Layout.utf8(store.instance),
        Layout.utf8(Long.toString(store.leaseMillis)), Layout.utf8(Long.toString(store.graceMillis)),
        Layout.utf8(Long.toString(doneMillis)), store.layout.eventsChannel(), store.layout.notifyChannel(),
        Layout.utf8(store.instance), Layout.utf8(kinds(current, step)));
    return new Sent(key, bucket, step, held, deadline, flight, release, keys[4], lateAfter, answer);
  }

  /** Waits for a sent commit's answer and does this instance's bookkeeping; throws if it did not apply. */
  void complete(Sent sent) {
    K key = sent.key;
    int bucket = sent.bucket;
    Step<K, V> step = sent.step;
    Step.Change change = step.change();
    String deadline = sent.deadline;
    String flight = sent.flight;
    List<Object> result;
    try {
      result = store.calls.await(sent.answer, "the write", key);
    } catch (CacheException e) {
      result = resolve(sent.done, sent.lateAfter, key, e);
    }
    long code = (Long) result.get(0);
    if (code == 0) {
      throw store.calls.notApplied("the write", key, "Redis ran it only after its timeout of "
          + store.calls.timeoutMillis + " ms");
    }
    if (code == -1) {
      throw store.calls.notApplied("the write", key, "this instance lost its lease on the key (the step outlasted the"
          + " lease of " + store.leaseMillis + " ms without renewing it, or Redis lost its data)");
    }
    if (sent.release) {
      store.leases.released(sent.held);
    }
    boolean created = code == 2 && (Long) result.get(1) == 1;
    switch (change) {
      case FLIGHT -> {
        store.flights.started(key, flight, step.flight(), sent.held.member, bucket);
        store.sweeper.note(bucket, store.time.serverNow() + store.leaseMillis);
      }
      case SET -> {
        store.flights.ended(key);
        if (!deadline.isEmpty()) {
          store.sweeper.note(bucket, Long.parseLong(deadline));
        }
      }
      default -> store.flights.ended(key);
    }
    if (created) {
      for (byte[] gone : store.bound.created(bucket, (Long) result.get(3), sent.held.member)) {
        K evicted = store.decodeKey(gone);
        store.forget(evicted);
        store.evicted.accept(evicted, new Holder<>(null, Holder.ABSENT));
      }
    }
  }

  /**
   * Finds out whether a commit whose answer was lost applied: once the server's time is past the
   * commit's deadline it can no longer apply, so its done marker then tells. Returns the answer
   * of an applied commit ({@code {1, marker}}, as a replay would answer), or throws: "not applied"
   * if the marker is missing, "in doubt" if Redis cannot be asked either.
   */
  List<Object> resolve(byte[] done, long lateAfter, Object key, CacheException failure) {
    try {
      long wait = lateAfter - store.time.serverNow() + RESOLVE_MARGIN_MILLIS;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      byte[] marker = store.calls.await(store.calls.redis.get(done), "checking the write", key);
      if (marker != null) {
        return List.of(1L, marker);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (CacheException e) {
      throw new CacheException(failure.getMessage() + ". The write is in doubt: it applied before its deadline ("
          + store.calls.timeoutMillis + " ms after it was sent) or never, and Redis could not be asked which; read the"
          + " key to know", failure.getCause());
    }
    throw new CacheException(failure.getMessage() + "; the write was not applied (its deadline passed without it)",
        failure.getCause());
  }

  /**
   * The events a change makes for other instances' listeners, as this instance's listeners get
   * them: {@code C} created, {@code U} updated, {@code R} removed, {@code E} expired.
   */
  private String kinds(Holder<V> current, Step<K, V> step) {
    boolean live = current != null && store.liveness.isLive(current);
    boolean expired = current != null && !current.isPending() && !live;
    return switch (step.change()) {
      // a deadline moved by a read or extend() sends no event
      case SET -> live ? (step.deadlineOnly() ? "" : "U") : expired ? "EC" : "C";
      case REMOVE -> live ? "R" : expired ? "E" : "";
      case FLIGHT -> expired ? "E" : "";
      default -> "";
    };
  }
}
