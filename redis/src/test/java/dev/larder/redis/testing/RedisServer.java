package dev.larder.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process that a test starts and always stops: on a free loopback port, in
 * a temporary folder, without persistence ({@code --save "" --appendonly no}). Tests can kill it
 * (SIGKILL), pause and resume it (SIGSTOP/SIGCONT) and restart it on the same port. Variants: a
 * password, TLS with a certificate made for the test, a node of a Redis Cluster ({@link
 * RedisCluster}). Nothing here assumes a server already running.
 */
public final class RedisServer implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final Path dir;
  private final int port;
  private final List<String> extra;
  private final String password;
  private final Tls tls;
  private Process process;

  private RedisServer(int port, String password, Tls tls, List<String> extra) throws IOException {
    this.dir = Files.createTempDirectory("larder-redis-");
    this.port = port;
    this.password = password;
    this.tls = tls;
    this.extra = List.copyOf(extra);
  }

  /**
   * Starts a plain server.
   *
   * @return the running server
   */
  public static RedisServer start() {
    return start(null, null, List.of());
  }

  /**
   * Starts a server that requires a password (the default user's).
   *
   * @param password the password
   * @return the running server
   */
  public static RedisServer withPassword(String password) {
    return start(password, null, List.of());
  }

  /**
   * Starts a server that accepts only TLS connections, with a certificate for 127.0.0.1 signed by
   * a CA made for this test ({@link #caFile()}).
   *
   * @return the running server
   */
  public static RedisServer withTls() {
    return start(null, Tls.make(), List.of());
  }

  /**
   * Starts a server with extra command-line arguments.
   *
   * @param password a password, or {@code null}
   * @param tls TLS files, or {@code null}
   * @param extra more {@code redis-server} arguments
   * @return the running server
   */
  static RedisServer start(String password, Tls tls, List<String> extra) {
    try {
      RedisServer server = new RedisServer(freePort(), password, tls, extra);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
    if (tls == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", tls.cert().toString(),
          "--tls-key-file", tls.key().toString(), "--tls-ca-cert-file", tls.ca().toString(), "--tls-auth-clients", "no"));
    }
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    command.addAll(extra);
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (is it installed? .ci/run installs it)", e);
    }
    awaitListening();
  }

  private void awaitListening() {
    long until = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (tls != null || cli("PING").contains("PONG")) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server did not start listening on port " + port + ": " + log());
  }

  /** The server's log so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Returns the URI to reach the server, with the password if it has one.
   *
   * @return {@code redis://...} or {@code rediss://...}
   */
  public String uri() {
    return (tls != null ? "rediss://" : "redis://") + (password != null ? ":" + password + "@" : "") + "127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The PEM file of the CA that signed a TLS server's certificate. */
  public Path caFile() {
    return tls.ca();
  }

  /** The server's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Runs {@code redis-cli} against the server.
   *
   * @param args the command and its arguments
   * @return what it printed
   */
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    if (tls != null) {
      command.addAll(List.of("--tls", "--cacert", tls.ca().toString()));
    }
    if (password != null) {
      command.addAll(List.of("--no-auth-warning", "-a", password));
    }
    command.addAll(List.of(args));
    return run(command);
  }

  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server (SIGKILL) and waits until it is gone. */
  public void kill() {
    kill(process);
  }

  /**
   * Kills a process (SIGKILL) and waits until it is gone (10 s at most).
   *
   * @param process the process
   */
  static void kill(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process (SIGSTOP): connections stay open, nothing is answered. */
  public void pause() {
    signal("STOP");
  }

  /** Lets a paused process go on (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    run(List.of("kill", "-" + name, Long.toString(process.pid())));
  }

  /** Starts the server again on the same port (after {@link #kill}): empty, as nothing is saved. */
  public void restart() {
    if (process.isAlive()) {
      kill();
    }
    launch();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      resume();
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  /**
   * Returns a port no process listens on now.
   *
   * @return the port
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sleeps, for code that stands for slow work (a computation, a writer); tests wait with {@link
   * Await} instead.
   *
   * @param millis how long
   */
  public static void sleepQuietly(long millis) {
    sleep(millis);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
