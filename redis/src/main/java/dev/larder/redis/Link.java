package dev.larder.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection to a Redis (standalone or Cluster), shared by every store of this JVM that names
 * the same {@link Endpoint}: a multiplexed command connection, a pub/sub connection whose messages
 * go to the stores subscribed to each channel, a timer thread (lease renewals, watching flights)
 * and worker threads (event delivery). Opened by the first store and closed with the last one.
 *
 * <p>Lettuce reconnects by itself and replays the commands that had no answer yet when the
 * connection broke (at least once); every write script is idempotent, so a replay never applies a
 * change twice (see {@code commit.lua}). Every command times out after the endpoint's timeout;
 * a command that timed out is not replayed.
 */
final class Link {

  private static final Logger LOG = Logger.getLogger(Link.class.getName());
  private static final Map<Endpoint, Link> OPEN = new HashMap<>();
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** How long an unused link stays open. */
  static final long LINGER_MILLIS = 1_000;
  private static final ScheduledExecutorService CLOSER =
      Executors.newSingleThreadScheduledExecutor(daemon("larder-redis-closer"));

  final Endpoint endpoint;
  private final ClientResources resources;
  private final AutoCloseable client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
  final RedisClusterAsyncCommands<byte[], byte[]> commands;
  final boolean cluster;
  final ScheduledExecutorService timer;
  final ExecutorService workers;
  private final Map<ByteBuffer, List<Consumer<byte[]>>> channels = new ConcurrentHashMap<>();
  private int users;
  private RedisClient trackingClient;
  private long idleSince;

  /**
   * Returns the open link to an endpoint, opening it if needed; {@link #release} when done.
   *
   * @param endpoint where to connect
   * @return the link
   * @throws io.lettuce.core.RedisException if Redis cannot be reached
   */
  static Link acquire(Endpoint endpoint) {
    synchronized (OPEN) {
      Link link = OPEN.get(endpoint);
      if (link == null) {
        link = new Link(endpoint);
        OPEN.put(endpoint, link);
      }
      link.users++;
      return link;
    }
  }

  /**
   * Gives the link back. When the last user gives it back it stays open for {@value
   * #LINGER_MILLIS} ms more, for a cache opened again soon (a restart of a cache manager, tests),
   * and then closes, with its threads.
   */
  void release() {
    synchronized (OPEN) {
      if (--users > 0) {
        return;
      }
      idleSince = System.nanoTime();
    }
    CLOSER.schedule(this::closeIfIdle, LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void closeIfIdle() {
    synchronized (OPEN) {
      if (users > 0 || System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS) - 1_000_000
          || OPEN.get(endpoint) != this) {
        return;
      }
      OPEN.remove(endpoint);
    }
    close();
  }

  private Link(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .addressResolverGroup(io.netty.resolver.DefaultAddressResolverGroup.INSTANCE)
        .build();
    AutoCloseable opened = null;
    StatefulConnection<byte[], byte[]> conn = null;
    StatefulRedisPubSubConnection<byte[], byte[]> sub = null;
    RedisClusterAsyncCommands<byte[], byte[]> commands;
    boolean isCluster = false;
    try {
      if (endpoint.uris.size() == 1) {
        RedisClient standalone = RedisClient.create(resources, endpoint.uris.get(0));
        opened = standalone::shutdown;
        standalone.setOptions(clientOptions(ClientOptions.builder()).build());
        StatefulRedisConnection<byte[], byte[]> plain = standalone.connect(ByteArrayCodec.INSTANCE);
        conn = plain;
        isCluster = clusterEnabled(plain);
        if (!isCluster) {
          sub = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
        } else {
          plain.close();
          conn = null;
          standalone.shutdown(Duration.ZERO, endpoint.timeout);
          opened = null;
        }
      } else {
        isCluster = true;
      }
      if (isCluster) {
        RedisClusterClient clustered = RedisClusterClient.create(resources, endpoint.uris);
        opened = clustered::shutdown;
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build());
        clientOptions(options);
        clustered.setOptions(options.build());
        conn = clustered.connect(ByteArrayCodec.INSTANCE);
        sub = clustered.connectPubSub(ByteArrayCodec.INSTANCE);
      }
      commands = conn instanceof StatefulRedisConnection<byte[], byte[]> plain ? plain.async()
          : ((io.lettuce.core.cluster.api.StatefulRedisClusterConnection<byte[], byte[]>) conn).async();
      sub.addListener(new Dispatcher(channels));
      loadScripts(commands, endpoint);
    } catch (RuntimeException | Error e) {
      closeQuietly(sub);
      closeQuietly(conn);
      closeQuietly(opened);
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    this.client = opened;
    this.connection = conn;
    this.pubsub = sub;
    this.cluster = isCluster;
    this.commands = commands;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("larder-redis-timer"));
    this.workers = Executors.newCachedThreadPool(daemon("larder-redis-worker"));
  }

  /** Hands each pub/sub message to the handlers of its channel (on a Lettuce thread). */
  private static final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {
    private final Map<ByteBuffer, List<Consumer<byte[]>>> channels;

    Dispatcher(Map<ByteBuffer, List<Consumer<byte[]>>> channels) {
      this.channels = channels;
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      List<Consumer<byte[]>> handlers = channels.get(ByteBuffer.wrap(channel));
      if (handlers != null) {
        for (Consumer<byte[]> handler : handlers) {
          try {
            handler.accept(message);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a message of channel " + new String(channel, StandardCharsets.UTF_8)
                + " could not be handled", e);
          }
        }
      }
    }
  }

  /**
   * Loads the scripts into the server's script cache (on every node of a cluster), so their first
   * use needs no second round trip; where this is not allowed, each script's first {@code EVALSHA}
   * falls back to {@code EVAL}.
   */
  private static void loadScripts(RedisClusterAsyncCommands<byte[], byte[]> commands, Endpoint endpoint) {
    for (Script script : Script.values()) {
      try {
        commands.scriptLoad(script.source).get(endpoint.timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.log(Level.FINE, "SCRIPT LOAD failed; EVAL will load " + script, e);
      }
    }
  }

  private <B extends ClientOptions.Builder> B clientOptions(B builder) {
    builder.autoReconnect(true)
        .timeoutOptions(TimeoutOptions.enabled(endpoint.timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(endpoint.timeout).keepAlive(true).build());
    if (endpoint.tls) {
      SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
      if (endpoint.trustStore != null) {
        ssl.trustManager(new File(endpoint.trustStore));
      }
      builder.sslOptions(ssl.build());
    }
    return builder;
  }

  private boolean clusterEnabled(StatefulRedisConnection<byte[], byte[]> plain) {
    try {
      String info = plain.sync().info("cluster");
      return info != null && info.contains("cluster_enabled:1");
    } catch (RuntimeException e) {
      return false; // INFO may be denied to an ACL user: then it is no cluster we can use as one
    }
  }

  /**
   * Calls a handler with every message of a channel (on a Lettuce thread: it must not block).
   *
   * @param channel the channel
   * @param handler the handler
   */
  void subscribe(byte[] channel, Consumer<byte[]> handler) {
    ByteBuffer name = ByteBuffer.wrap(channel.clone());
    boolean first;
    synchronized (channels) {
      List<Consumer<byte[]>> handlers = channels.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
      first = handlers.isEmpty();
      handlers.add(handler);
    }
    if (first) {
      await(pubsub.async().subscribe(channel));
    }
  }

  /**
   * Stops calling a handler.
   *
   * @param channel the channel
   * @param handler the handler given to {@link #subscribe}
   */
  void unsubscribe(byte[] channel, Consumer<byte[]> handler) {
    ByteBuffer name = ByteBuffer.wrap(channel);
    boolean last;
    synchronized (channels) {
      List<Consumer<byte[]>> handlers = channels.get(name);
      if (handlers == null || !handlers.remove(handler)) {
        return;
      }
      last = handlers.isEmpty();
      if (last) {
        channels.remove(name);
      }
    }
    if (last) {
      try {
        pubsub.async().unsubscribe(channel).get(endpoint.timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.log(Level.FINE, "unsubscribe failed", e);
      }
    }
  }

  private void await(io.lettuce.core.RedisFuture<?> future) {
    try {
      future.get(endpoint.timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.lettuce.core.RedisException("interrupted", e);
    } catch (Exception e) {
      throw new io.lettuce.core.RedisException(endpoint.scrub(String.valueOf(e.getMessage())), e);
    }
  }

  private void close() {
    timer.shutdownNow();
    workers.shutdownNow();
    closeQuietly(pubsub);
    closeQuietly(connection);
    synchronized (this) {
      if (trackingClient != null) {
        closeQuietly(trackingClient::shutdown);
      }
    }
    closeQuietly(client);
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The client of the near caches' invalidation channels ({@link Tracking}): RESP3, and no automatic
   * reconnect (tracking must be turned on again on every new connection, so {@link Tracking}
   * reconnects itself). Created on first use; standalone Redis only.
   *
   * @return the client
   * @throws IllegalStateException on a Redis Cluster
   */
  synchronized RedisClient trackingClient() {
    if (cluster) {
      throw new IllegalStateException("near caches need a standalone Redis");
    }
    if (trackingClient == null) {
      RedisClient c = RedisClient.create(resources, endpoint.uris.get(0));
      c.setOptions(clientOptions(ClientOptions.builder()).autoReconnect(false)
          .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP3).build());
      trackingClient = c;
    }
    return trackingClient;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "closing failed", e);
      }
    }
  }

  private static ThreadFactory daemon(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** For tests: the URIs this link connects to. */
  List<RedisURI> uris() {
    return endpoint.uris;
  }
}
