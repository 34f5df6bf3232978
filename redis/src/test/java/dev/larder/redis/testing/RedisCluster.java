package dev.larder.redis.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) that a test starts and stops: three {@link
 * RedisServer}s with {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create}.
 */
public final class RedisCluster implements AutoCloseable {

  private final List<RedisServer> nodes = new ArrayList<>();

  /**
   * Starts the three nodes and creates the cluster; returns once every node reports it healthy.
   *
   * @return the running cluster
   */
  public static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisServer.start(null, null, List.of("--cluster-enabled", "yes", "--cluster-config-file",
            "nodes.conf", "--cluster-node-timeout", "5000")));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (RedisServer node : cluster.nodes) {
        create.add("127.0.0.1:" + node.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String out = RedisServer.run(create);
      if (!out.contains("All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + out);
      }
      boolean ok = Await.until(java.time.Duration.ofSeconds(20), () -> cluster.nodes.stream()
          .allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok")));
      if (!ok) {
        throw new IllegalStateException("the cluster did not become healthy");
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** The URI of one node: enough for a client that finds the others. */
  public String uri() {
    return nodes.get(0).uri();
  }

  @Override
  public void close() {
    for (RedisServer node : nodes) {
      node.close();
    }
  }
}
