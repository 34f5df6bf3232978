package dev.larder.redis.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test with the test's class path, running a main class that reads commands
 * on stdin and prints results on stdout; the test sends commands and waits for lines.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final PrintStream in;
  private final List<String> lines = new ArrayList<>();

  /**
   * Starts a child.
   *
   * @param main the main class
   * @param args its arguments
   */
  public ChildJvm(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1", main.getName()));
    command.addAll(List.of(args));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // the child died
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Sends one command line.
   *
   * @param command the command
   */
  public void send(String command) {
    in.println(command);
  }

  /**
   * Waits for a line that starts with a prefix, after the lines already taken by earlier waits for
   * the same prefix.
   *
   * @param prefix the prefix
   * @param within the longest wait
   * @return the line
   * @throws AssertionError if no such line came in time (with everything the child printed)
   */
  public String await(String prefix, Duration within) {
    long end = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      while (true) {
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith(prefix)) {
            return lines.remove(i);
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the child printed no line starting with \"" + prefix + "\" within " + within
              + "; it printed: " + lines);
        }
        try {
          lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * Returns the lines not taken yet that start with a prefix, and takes them.
   *
   * @param prefix the prefix
   * @return the lines
   */
  public List<String> take(String prefix) {
    synchronized (lines) {
      List<String> taken = new ArrayList<>();
      lines.removeIf(l -> l.startsWith(prefix) && taken.add(l));
      return taken;
    }
  }

  /** Kills the child (SIGKILL) and waits for it. */
  public void kill() {
    RedisServer.kill(process);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      send("exit");
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }
}
