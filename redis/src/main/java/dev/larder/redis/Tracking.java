package dev.larder.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The invalidation channel of one store's {@link NearCache}: a connection of its own (RESP3, no
 * automatic reconnect) on which {@code CLIENT TRACKING ON BCAST PREFIX ...} names the cache's entry
 * keys, so Redis pushes a report of every change of them, by any client, in the order it applied
 * them.
 *
 * <p>Every {@value #HEARTBEAT_MILLIS} ms it pings that connection; an answer confirms that every
 * change made before the ping has been reported ({@link NearCache#confirmed}). A failed ping, a
 * closed connection or a report of the connection's end marks the channel lost ({@link
 * NearCache#lost}): the near cache is emptied and bypassed, and a new connection is opened (with
 * tracking turned on again before the near cache serves anything: {@link NearCache#established}).
 * Lettuce does not turn tracking on again after a reconnect of its own, which is why this
 * connection never reconnects by itself.
 */
final class Tracking {

  private static final Logger LOG = Logger.getLogger(Tracking.class.getName());
  /** How often the channel is pinged. */
  static final long HEARTBEAT_MILLIS = 100;

  private final Link link;
  private final Layout layout;
  private final NearCache<?> near;
  private final Consumer<byte[]> onKey;
  private final String cacheName;
  private final PushListener pushes = this::onPush;
  private final RedisConnectionStateListener ends = new RedisConnectionStateListener() {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      lostIf(connection);
    }
  };
  private final ScheduledFuture<?> heartbeat;
  /** The connection with tracking on, or {@code null}. Guarded by {@code this}. */
  private StatefulRedisConnection<byte[], byte[]> connection;
  private boolean connecting;
  private boolean closed;
  private boolean warned;
  /** Counted down when the first attempt to open the channel has ended, either way. */
  private final java.util.concurrent.CountDownLatch firstAttempt = new java.util.concurrent.CountDownLatch(1);

  /**
   * Starts the channel (asynchronously: the near cache stays bypassed until it is established).
   *
   * @param link the store's link (its tracking client, timer and workers)
   * @param layout the cache's keys
   * @param near the near cache to keep
   * @param onKey told the encoded key (member) of each change reported
   * @param cacheName for messages
   */
  Tracking(Link link, Layout layout, NearCache<?> near, Consumer<byte[]> onKey, String cacheName) {
    this.link = link;
    this.layout = layout;
    this.near = near;
    this.onKey = onKey;
    this.cacheName = cacheName;
    connect();
    this.heartbeat = link.timer.scheduleWithFixedDelay(this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private synchronized void connect() {
    if (closed || connecting || connection != null) {
      return;
    }
    connecting = true;
    link.workers.execute(this::open);
  }

  /** Opens a connection and turns tracking on (on a worker thread: it waits for Redis). */
  private void open() {
    StatefulRedisConnection<byte[], byte[]> c = null;
    try {
      c = link.trackingClient().connect(ByteArrayCodec.INSTANCE, link.endpoint.uris.get(0));
      c.addListener(pushes);
      c.addListener(ends);
      TrackingArgs args = TrackingArgs.Builder.enabled().bcast()
          .prefixes(StandardCharsets.UTF_8, layout.trackedPrefixes());
      long sent = System.nanoTime();
      c.sync().clientTracking(args);
      synchronized (this) {
        connecting = false;
        if (closed) {
          c.close();
          return;
        }
        connection = c;
        warned = false;
        near.established(sent);
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        connecting = false;
        if (!warned) {
          warned = true;
          LOG.log(Level.WARNING, "Cache '" + cacheName + "': its near cache is bypassed: the invalidation channel to"
              + " Redis at " + link.endpoint + " cannot be opened ("
              + link.endpoint.scrub(String.valueOf(e.getMessage())) + "); trying again", e);
        }
      }
      if (c != null) {
        closeQuietly(c);
      }
    } finally {
      firstAttempt.countDown();
    }
  }

  /** Every {@value #HEARTBEAT_MILLIS} ms: pings the channel, or opens a new one if there is none. */
  private void beat() {
    StatefulRedisConnection<byte[], byte[]> c;
    synchronized (this) {
      if (closed) {
        return;
      }
      c = connection;
    }
    near.check(System.nanoTime());
    if (c == null) {
      connect();
      return;
    }
    if (!c.isOpen()) {
      lostIf(c);
      return;
    }
    long sent = System.nanoTime();
    c.async().ping().whenComplete((pong, failure) -> {
      if (failure != null) {
        lostIf(c);
        return;
      }
      synchronized (this) {
        if (connection == c) {
          near.confirmed(sent);
        }
      }
    });
  }

  /** The channel on {@code c} is lost (if it is still the current one): empty the near cache, reconnect. */
  private void lostIf(Object c) {
    StatefulRedisConnection<byte[], byte[]> gone;
    synchronized (this) {
      if (connection == null || connection != c) {
        return;
      }
      gone = connection;
      connection = null;
      near.lost();
    }
    LOG.fine(() -> "Cache '" + cacheName + "': the near cache's invalidation channel was lost; it is emptied and"
        + " bypassed until the channel is back");
    link.workers.execute(() -> closeQuietly(gone));
    connect();
  }

  /** A push from Redis (on a Lettuce thread): a report of changed keys, or of a flush (no keys). */
  private void onPush(PushMessage message) {
    if (!"invalidate".equals(message.getType())) {
      return;
    }
    List<Object> content = message.getContent();
    Object keys = content.size() > 1 ? content.get(1) : null;
    if (!(keys instanceof List<?> list)) {
      near.clear(); // FLUSHDB / FLUSHALL: every key may have changed
      return;
    }
    for (Object k : list) {
      byte[] key = bytes(k);
      byte[] member = key == null ? null : layout.memberOfEntry(key);
      if (member == null) {
        near.clear(); // not a key of ours as we know them: be safe
        continue;
      }
      try {
        onKey.accept(member);
      } catch (RuntimeException e) {
        near.clear();
      }
    }
  }

  private static byte[] bytes(Object o) {
    if (o instanceof byte[] b) {
      return b;
    }
    if (o instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] out = new byte[copy.remaining()];
      copy.get(out);
      return out;
    }
    return null;
  }

  /** Stops the channel; the near cache is not used afterwards. */
  void close() {
    StatefulRedisConnection<byte[], byte[]> c;
    synchronized (this) {
      closed = true;
      c = connection;
      connection = null;
      near.lost();
    }
    heartbeat.cancel(false);
    if (c != null) {
      closeQuietly(c);
    }
  }

  /**
   * Waits for the first attempt to open the channel to end (so that a cache just opened serves
   * from its near cache at once), at most a given time.
   *
   * @param millis the longest wait
   */
  void awaitFirstAttempt(long millis) {
    try {
      firstAttempt.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: whether tracking is on (the near cache is served). */
  synchronized boolean isEstablished() {
    return connection != null;
  }

  /** For tests: the connection with tracking on, or {@code null}. */
  synchronized StatefulRedisConnection<byte[], byte[]> connection() {
    return connection;
  }

  private static void closeQuietly(StatefulRedisConnection<byte[], byte[]> c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "closing the invalidation channel failed", e);
    }
  }
}
