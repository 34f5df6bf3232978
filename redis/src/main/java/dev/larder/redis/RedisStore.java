package dev.larder.redis;

import dev.larder.engine.Deadlines;
import dev.larder.engine.EntryTable;
import dev.larder.engine.Flight;
import dev.larder.engine.Holder;
import dev.larder.engine.KeyLock;
import dev.larder.engine.Keys;
import dev.larder.engine.Liveness;
import dev.larder.engine.Step;
import dev.larder.store.DirectWrite;
import dev.larder.store.Store;
import dev.larder.store.StoreExpiry;
import dev.larder.store.codec.Codec;
import dev.larder.store.codec.CodecException;
import dev.larder.store.codec.RoundTrip;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * The shared store: Redis is the authority, and memory holds markers (which thread of this
 * instance holds a key) and, if the cache has one, the {@link NearCache}: a copy of hot entries,
 * invalidated by every change of any instance (see {@link Tracking}).
 *
 * <p><b>A step</b> ({@link #apply}) holds its key in memory ({@link EntryTable#lock}), then takes
 * the key's lease in Redis and reads its entry in one round trip (waiting while another instance
 * holds the lease), runs {@link Step#decide} exactly once on that entry, commits the change with a
 * script that checks the lease again, publishes the events and gives the lease back, then runs
 * {@link Step#committed}. Writers, loaders and processors that {@code decide} calls therefore run
 * once per call across all instances, and no update is lost when instances race on a key.
 *
 * <p><b>Reads</b> ({@link #read}, {@link #get}, {@link #getAll}) read the entry without any lease or
 * lock: from the near cache if it holds the key, else from Redis (several keys pipelined), putting
 * what Redis answered into the near cache through a placeholder, so that a read racing an
 * invalidation never installs a stale value. Every change this instance makes removes its key from
 * the near cache once its commit returns.
 *
 * <p><b>Time</b>: entries carry server-time deadlines; {@link ServerClock} translates them to and
 * from the cache's clock. Expired entries are removed — once, with one EXPIRED event, whichever
 * instance finds them — by the step that finds them or by {@link #maintain}, which sweeps each
 * bucket's index of deadlines on the server's clock.
 *
 * <p><b>Other instances' changes</b> arrive on the cache's events channel and go to {@link
 * StoreExpiry#changedElsewhere}; notices on its notify channel wake the steps waiting for a lease
 * and the callers waiting for a flight.
 *
 * @param <K> key type
 * @param <V> stored value type
 */
final class RedisStore<K, V> implements Store<K, V> {

  private static final Logger LOG = Logger.getLogger(RedisStore.class.getName());
  /** Entries read per round trip when iterating. */
  static final int PAGE = 256;
  /** Entries removed per round trip and bucket by {@link #clear()}. */
  static final int CLEAR_BATCH = 512;
  /** Expired entries a sweep of one bucket removes per round trip. */
  static final int SWEEP_BATCH = 256;
  /** How often the waits for other instances' flights are checked without a notice. */
  static final long POLL_MILLIS = 100;

  final String name;
  final Layout layout;
  final Calls calls;
  private final Codec codec;
  final Liveness liveness;
  final ServerClock time;
  private final StoreExpiry<K, V> events;
  final BiConsumer<K, Holder<V>> evicted;
  /** Markers only: which thread of this instance holds a key. */
  final EntryTable<K, V> markers = new EntryTable<>();
  final Leases<K> leases;
  final FlightTable<K, V> flights;
  final Sweeper sweeper = new Sweeper();
  final Bound bound;
  final Committer<K, V> committer;
  private final DirectWrites<K, V> direct;
  private final Batches<K, V> batches = new Batches<>(this);
  /** The near cache, or {@code null} if the cache has none. */
  final NearCache<V> near;
  private final Tracking tracking;
  private final Reads<K, V> reads;
  /** This store's identity in Redis: the origin of its messages, the prefix of its tokens. */
  final String instance = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  final long leaseMillis;
  final long graceMillis;
  private final Consumer<byte[]> onEvent;
  private final Consumer<byte[]> onNotice;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  /** How often the server's clock is read again. */
  private static final long CLOCK_READ_NANOS = TimeUnit.SECONDS.toNanos(30);
  private long clockReadNanos = System.nanoTime();
  private volatile boolean closed;
  /** Whether this store receives the events channel (while a listener wants other instances' changes). */
  private boolean listening;
  private final Object subscription = new Object();

  /**
   * Opens the store over a link; the caller releases the link if this throws.
   *
   * @param settings what the store is for
   * @param link the connection
   */
  RedisStore(Settings<K, V> settings, Link link) {
    this.name = settings.cacheName();
    this.layout = new Layout(settings.namespace(), settings.managerName(), settings.cacheName());
    this.calls = new Calls(link, name);
    this.codec = settings.codec();
    this.liveness = settings.liveness();
    this.events = settings.events();
    this.evicted = settings.evicted();
    this.leaseMillis = settings.leaseMillis();
    this.graceMillis = Settings.GRACE_MILLIS;
    this.time = new ServerClock(liveness.clock());
    time.measure(this::serverTime);
    this.leases = new Leases<>(calls, layout, instance, leaseMillis, time);
    this.flights = new FlightTable<>(calls, layout, time, leaseMillis, graceMillis, this::decode);
    this.bound = new Bound(settings.maximumSize(), calls, layout);
    this.committer = new Committer<>(this, Math.max(5_000, 4 * calls.timeoutMillis));
    this.direct = new DirectWrites<>(this, Math.max(5_000, 4 * calls.timeoutMillis));
    Inbox<K, V> inbox = new Inbox<>(this, events, leases, flights, new Serial(link.workers));
    this.onEvent = inbox::onEvent;
    this.onNotice = inbox::onNotice;
    link.subscribe(layout.notifyChannel(), onNotice);
    try {
      listenersChanged();
    } catch (RuntimeException e) {
      link.unsubscribe(layout.notifyChannel(), onNotice);
      throw e;
    }
    long renewEvery = Math.max(10, leaseMillis / 3);
    timers.add(link.timer.scheduleWithFixedDelay(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS));
    timers.add(link.timer.scheduleWithFixedDelay(flights::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS));
    if (settings.nearCache() > 0 && link.cluster) {
      LOG.warning("Cache '" + name + "': redis.near-cache is ignored on a Redis Cluster (not supported yet);"
          + " every read goes to Redis");
    }
    this.near = settings.nearCache() > 0 && !link.cluster ? new NearCache<>(settings.nearCache()) : null;
    this.reads = new Reads<>(this);
    this.tracking = near == null ? null : new Tracking(link, layout, near, this::invalidated, name);
    if (tracking != null) {
      tracking.awaitFirstAttempt(calls.timeoutMillis + Calls.MARGIN_MILLIS);
    }
  }

  /** A change of a key was reported on the near cache's channel. */
  private void invalidated(byte[] member) {
    near.invalidate(decodeKey(member));
  }

  /** Removes a key from the near cache (this instance changed it). */
  void forget(Object key) {
    if (near != null) {
      near.invalidate(key);
    }
  }

  private long serverTime() {
    return millis(calls.await(calls.redis.time(), "reading the server's clock", null));
  }

  private static long millis(List<byte[]> time) {
    return Raw.number(time.get(0)) * 1000 + Raw.number(time.get(1)) / 1000;
  }

  /** Every third of the lease: renews this instance's leases and flights; every 30 s reads the server's clock. */
  private void renew() {
    if (closed) {
      return;
    }
    leases.renew();
    flights.renew();
    long now = System.nanoTime();
    if (now - clockReadNanos > CLOCK_READ_NANOS) {
      clockReadNanos = now;
      calls.redis.time().thenAccept(reply -> time.rebase(millis(reply), now, System.nanoTime()));
    }
  }

  // ---------------------------------------------------------------- encoding

  @Override
  public void check(Object key, Object value) {
    RoundTrip.checkStorable(codec, name, key, value);
  }

  private IllegalArgumentException refused(String what, Object key, Object o, CodecException e) {
    return RoundTrip.refused(name, what, key, o, e);
  }

  /** The key's bytes in Redis. */
  byte[] member(Object key) {
    try {
      return codec.encode(key);
    } catch (CodecException e) {
      throw refused("key", key, key, e);
    }
  }

  byte[] encodeValue(V value, Object key) {
    try {
      return codec.encode(value);
    } catch (CodecException e) {
      throw refused("value", key, value, e);
    }
  }

  /** Decodes a value read from Redis: untrusted input, checked against the cache's allowed types. */
  @SuppressWarnings("unchecked")
  V decode(byte[] bytes, Object key) {
    try {
      return (V) codec.decode(bytes);
    } catch (CodecException | ClassCastException e) {
      throw new CacheException("Cache '" + name + "': the value of key " + Keys.abbreviate(key) + " in Redis at "
          + calls.link.endpoint + " is refused: " + e.getMessage() + ". Larder will not return it; write or remove"
          + " the key to replace it", e);
    }
  }

  /** Decodes a key read from Redis (iteration, other instances' events). */
  @SuppressWarnings("unchecked")
  K decodeKey(byte[] member) {
    try {
      return (K) codec.decode(member);
    } catch (CodecException | ClassCastException e) {
      throw new CacheException("Cache '" + name + "': a key in Redis at " + calls.link.endpoint + " is refused ("
          + Keys.abbreviate(new String(member, java.nio.charset.StandardCharsets.UTF_8)) + "): " + e.getMessage(), e);
    }
  }

  /**
   * What the cache sees for an entry's fields: this instance's own flight object, a stand-in for
   * another instance's flight, the entry (deadline in the cache's clock), or {@code null}.
   */
  Holder<V> holder(K key, byte[] member, int bucket, Raw raw) {
    if (raw == Raw.NONE) {
      return null;
    }
    Holder<V> entry = raw.value() == null ? null
        : new Holder<>(decode(raw.value(), key), time.toClient(raw.deadline()));
    if (raw.flying(time.serverNow())) {
      Flight<V> mine = flights.own(key, raw.flight());
      if (mine != null) {
        return mine;
      }
      return flights.elsewhere(key, member, bucket, raw.flight(), entry);
    }
    return entry;
  }

  Raw fetch(byte[] member, int bucket, Object key) {
    return Raw.of(calls.await(calls.redis.hmget(layout.entry(bucket, member), Raw.FIELDS), "the read", key));
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V read(Object key) {
    return reads.read(key);
  }

  @Override
  public Holder<V> get(Object key) {
    return reads.get(key);
  }

  @Override
  public List<Holder<V>> getAll(List<? extends K> keys) {
    return reads.getAll(keys);
  }

  /**
   * Writes the deadline a read gave an entry (an access-renewing expiry policy), if the entry still
   * has the deadline read ({@code seenServer}; {@code null}: whatever it has). Waited for, so the
   * next operation sees it; if Redis fails, the entry keeps its previous deadline (the read's answer
   * stands: the failure is logged, not thrown).
   */
  void touch(byte[] member, int bucket, Long seenServer, long deadline, Object key) {
    long server = time.toServer(deadline);
    String seen = seenServer == null ? "*" : seenServer == Deadlines.NEVER ? "" : seenServer.toString();
    try {
      calls.await(calls.script(Script.TOUCH, ScriptOutputType.INTEGER,
          new byte[][] {layout.entry(bucket, member), layout.deadlineIndex(bucket)}, Layout.utf8(seen),
          Layout.utf8(server == Deadlines.NEVER ? "" : Long.toString(server)), member,
          Layout.utf8(Long.toString(graceMillis))), "renewing the deadline", key);
    } catch (CacheException e) {
      LOG.log(Level.WARNING, e.getMessage() + "; the entry keeps its previous deadline", e);
    } finally {
      forget(key);
    }
    if (server != Deadlines.NEVER) {
      sweeper.note(bucket, server);
    }
  }

  @Override
  public void renewed(K key, Holder<V> entry) {
    byte[] member = member(key);
    touch(member, Layout.bucket(member), null, entry.deadline(), key);
  }

  // ---------------------------------------------------------------- steps

  @Override
  public void apply(K key, Step<K, V> step, boolean mayBlock) {
    ensureOpen();
    byte[] member = member(key);
    int bucket = Layout.bucket(member);
    KeyLock<V> lock = markers.lock(key);
    try {
      Leases.Held held = leases.enter(key, member, bucket, () -> fetch(member, bucket, key));
      try {
        Raw raw = held.raw;
        Holder<V> current;
        CacheException unreadable = null;
        try {
          current = holder(key, member, bucket, raw);
        } catch (CacheException e) {
          current = null; // a write may replace the unreadable value; a step that keeps it reports it
          unreadable = e;
        }
        step.runDecide(key, current);
        if (unreadable != null && step.change() == Step.Change.KEEP) {
          throw unreadable;
        }
        try {
          committer.commit(key, member, bucket, current, step, held);
        } finally {
          forget(key); // applied, or perhaps applied: the near cache reads it again
        }
        step.runCommitted(key);
      } finally {
        leases.exit(held);
      }
    } finally {
      markers.unlock(lock);
    }
  }

  /** Offers {@link #applyDirect}: one script decides and commits, instead of a lease, a decision here and a commit. */
  @Override
  public boolean writesDirect() {
    return true;
  }

  /**
   * Runs a write that needs no decision here in one round trip ({@link DirectWrites}); returns
   * {@code false}, having done nothing, if another step holds the key's lease (the cache then runs
   * the write as a step, which waits for it).
   */
  @Override
  public boolean applyDirect(K key, DirectWrite<K, V> write) {
    ensureOpen();
    return direct.apply(key, write);
  }

  /** Sends the direct writes of many keys together, {@value Batches#CHUNK} per round trip ({@link DirectWrites}). */
  @Override
  public boolean[] applyAllDirect(List<? extends K> keys, List<? extends DirectWrite<K, V>> writes) {
    ensureOpen();
    return direct.applyAll(keys, writes);
  }

  /**
   * Subscribes to the cache's events channel while some listener of this instance wants other
   * instances' changes, and only then: an instance without listeners does not receive (and skip)
   * every change of every instance. The subscription is confirmed by Redis before this returns, so
   * every change committed after a listener's registration reaches it.
   */
  @Override
  public void listenersChanged() {
    boolean wanted = false;
    for (javax.cache.event.EventType type : javax.cache.event.EventType.values()) {
      wanted |= events.wantsChanges(type);
    }
    synchronized (subscription) {
      if (wanted == listening || closed) {
        return;
      }
      if (wanted) {
        calls.link.subscribe(layout.eventsChannel(), onEvent);
      } else {
        calls.link.unsubscribe(layout.eventsChannel(), onEvent);
      }
      listening = wanted;
    }
  }

  /**
   * Runs the steps of several keys together ({@link Batches}): their leases taken and their
   * commits sent with one pipelined round trip each, or one by one if another instance holds a key.
   */
  @Override
  public void applyAll(List<? extends K> keys, List<? extends Step<K, V>> steps, boolean mayBlock) {
    ensureOpen();
    batches.applyAll(keys, steps, mayBlock);
  }

  /** Holds the keys in memory and takes their leases in Redis, in the order every instance takes them ({@link Batches#hold}). */
  @Override
  public Hold hold(Collection<K> keys) {
    ensureOpen();
    return batches.hold(keys);
  }

  // ---------------------------------------------------------------- whole cache

  /** Memory holds no entries: the sweep of memory has nothing to walk ({@link #maintain} expires). */
  @Override
  public int visit(int budget, BiConsumer<K, Holder<V>> visitor) {
    return 0;
  }

  @Override
  public long walkSize() {
    return 0;
  }

  @Override
  public long size() {
    return bound.size();
  }

  @Override
  public void clear() {
    ensureOpen();
    List<Integer> left = new ArrayList<>();
    for (int b = 0; b < Layout.BUCKETS; b++) {
      left.add(b);
    }
    while (!left.isEmpty()) {
      List<CompletableFuture<Long>> answers = new ArrayList<>(left.size());
      for (int b : left) {
        answers.add(calls.script(Script.CLEAR, ScriptOutputType.INTEGER,
            new byte[][] {layout.keyIndex(b), layout.deadlineIndex(b)}, layout.entryPrefix(b),
            Layout.utf8(Integer.toString(CLEAR_BATCH))));
      }
      List<Integer> next = new ArrayList<>();
      for (int i = 0; i < left.size(); i++) {
        if (calls.await(answers.get(i), "clear", null) > 0) {
          next.add(left.get(i));
        }
      }
      left = next;
    }
    if (near != null) {
      near.clear();
    }
  }

  @Override
  public Iterator<Map.Entry<K, Holder<V>>> iterator() {
    ensureOpen();
    return new Pages<>(this);
  }

  // ---------------------------------------------------------------- expiry

  /** Sweeps the buckets that are due: expires their entries past the server's time, reporting each once. */
  @Override
  public int maintain() {
    if (closed) {
      return 0;
    }
    long now = time.serverNow();
    List<Integer> buckets = new ArrayList<>();
    List<CompletableFuture<List<Object>>> answers = new ArrayList<>();
    for (int b = 0; b < Layout.BUCKETS; b++) {
      if (sweeper.isDue(b, now)) {
        buckets.add(b);
        answers.add(calls.script(Script.SWEEP, ScriptOutputType.MULTI,
            new byte[][] {layout.keyIndex(b), layout.deadlineIndex(b)}, layout.entryPrefix(b), layout.leasePrefix(b),
            Layout.utf8(Integer.toString(SWEEP_BATCH)), layout.eventsChannel(), Layout.utf8(instance)));
      }
    }
    int expired = 0;
    for (int i = 0; i < buckets.size(); i++) {
      List<Object> answer;
      try {
        answer = calls.await(answers.get(i), "the expiry sweep", null);
      } catch (CacheException e) {
        LOG.log(Level.FINE, "the expiry sweep failed; it runs again in the next cycle", e);
        continue;
      }
      byte[] next = (byte[]) answer.get(1);
      long nextDue = next == null || next.length == 0 ? Deadlines.NEVER : (long) Double.parseDouble(Raw.text(next));
      sweeper.swept(buckets.get(i), (Long) answer.get(0), nextDue, (Long) answer.get(2) == 1);
      for (int j = 3; j + 2 < answer.size(); j += 3) {
        expired += reportExpired((byte[]) answer.get(j), (byte[]) answer.get(j + 1), (byte[]) answer.get(j + 2));
      }
    }
    return expired;
  }

  /** Reports an entry the sweep expired to this instance's listeners, holding the key meanwhile. */
  private int reportExpired(byte[] member, byte[] value, byte[] deadline) {
    K key;
    try {
      key = decodeKey(member);
    } catch (CacheException e) {
      LOG.log(Level.WARNING, e.getMessage(), e);
      return 1;
    }
    V last = null;
    if (events.wantsEntries()) {
      try {
        last = decode(value, key);
      } catch (CacheException e) {
        LOG.log(Level.WARNING, e.getMessage(), e); // reported without its value
      }
    }
    forget(key);
    KeyLock<V> lock = markers.lock(key);
    try {
      events.expired(key, new Holder<>(last, time.toClient(Raw.number(deadline))));
    } finally {
      markers.unlock(lock);
    }
    return 1;
  }

  // ---------------------------------------------------------------- lifecycle

  boolean isClosed() {
    return closed;
  }

  /** For tests: the near cache's invalidation channel, or {@code null}. */
  Tracking tracking() {
    return tracking;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "': its shared store is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ScheduledFuture<?> t : timers) {
      t.cancel(false);
    }
    if (tracking != null) {
      tracking.close();
    }
    flights.close();
    try {
      synchronized (subscription) {
        if (listening) {
          listening = false;
          calls.link.unsubscribe(layout.eventsChannel(), onEvent);
        }
      }
      calls.link.unsubscribe(layout.notifyChannel(), onNotice);
    } finally {
      calls.link.release();
    }
  }

  @Override
  public String toString() {
    return "RedisStore[" + name + " at " + calls.link.endpoint + "]";
  }
}
