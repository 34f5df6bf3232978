package dev.larder.http.e2e;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoints of the test application. Every response names how often its path has run
 * ({@code run=N}), so a test sees whether a response came from the endpoint or from the cache;
 * {@link #runs(String)} counts the runs by path, {@link #maxConcurrent(String)} the most runs
 * of one path at the same time.
 */
public final class AppServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final transient Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final transient Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
  /** Requests to /slow/* with ?block=true wait here until the test opens it. */
  private volatile CountDownLatch gate = new CountDownLatch(0);

  /** @return how often a path ran */
  public int runs(String path) {
    AtomicInteger n = runs.get(path);
    return n == null ? 0 : n.get();
  }

  /** @return the most runs of one path at the same time */
  public int maxConcurrent(String path) {
    AtomicInteger n = maxRunning.get(path);
    return n == null ? 0 : n.get();
  }

  /** Closes the gate of /slow/*: blocking requests wait until {@link #open()}. */
  public void close() {
    gate = new CountDownLatch(1);
  }

  /** Opens the gate. */
  public void open() {
    gate.countDown();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    int run = runs.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int now = running.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    maxRunning.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    try {
      respond(req, res, path, run);
    } finally {
      running.get(path).decrementAndGet();
    }
  }

  private void respond(HttpServletRequest req, HttpServletResponse res, String path, int run) throws IOException {
    String[] parts = path.split("/");
    String first = parts.length > 1 ? parts[1] : "";
    String second = parts.length > 2 ? parts[2] : "";
    switch (first) {
      case "slow" -> {
        if ("true".equals(req.getParameter("block"))) {
          await();
        }
        text(res, path + " run=" + run);
      }
      case "big" -> big(req, res, run);
      case "rules" -> rules(req, res, second, path, run);
      case "vary" -> {
        res.setHeader("Vary", second.equals("other") ? "Accept-Language" : "Accept");
        text(res, "accept=" + req.getHeader("Accept") + " run=" + run);
      }
      case "async" -> async(req, res, second, path, run);
      default -> {
        res.setContentType("application/json");
        res.setHeader("X-App", "yes");
        text(res, "{\"path\":\"" + path + "\",\"query\":\"" + req.getQueryString() + "\",\"method\":\""
            + req.getMethod() + "\",\"run\":" + run + "}");
      }
    }
  }

  private void await() {
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void text(HttpServletResponse res, String body) throws IOException {
    if (res.getContentType() == null) {
      res.setContentType("text/plain;charset=UTF-8");
    }
    res.getWriter().write(body);
  }

  /** /big?size=N[&writer=true][&hold=true]: N bytes of a known pattern, streamed in 8 KB writes. */
  private void big(HttpServletRequest req, HttpServletResponse res, int run) throws IOException {
    int size = Integer.parseInt(req.getParameter("size"));
    boolean hold = "true".equals(req.getParameter("hold"));
    res.setHeader("X-Run", Integer.toString(run));
    if ("true".equals(req.getParameter("writer"))) {
      res.setContentType("text/plain;charset=UTF-8");
      PrintWriter w = res.getWriter();
      String chunk = BigBody.text(1024); // 1024 chars, multi-byte UTF-8 among them
      for (int written = 0; written < size; written += chunk.length()) {
        w.write(chunk, 0, Math.min(chunk.length(), size - written));
      }
      return;
    }
    res.setContentType("application/octet-stream");
    ServletOutputStream out = res.getOutputStream();
    byte[] body = BigBody.bytes(size);
    for (int off = 0; off < size; off += 8192) {
      out.write(body, off, Math.min(8192, size - off));
      if (hold && off == 0) {
        out.flush(); // the client must see these bytes while the endpoint is still running
        await();
      }
    }
  }

  private void rules(HttpServletRequest req, HttpServletResponse res, String rule, String path, int run)
      throws IOException {
    switch (rule) {
      case "500" -> res.setStatus(500);
      case "404" -> res.setStatus(404);
      case "206" -> res.setStatus(206);
      case "201" -> res.setStatus(201);
      case "cookie" -> res.addCookie(new Cookie("flavour", "oat"));
      case "cookie-header" -> res.addHeader("Set-Cookie", "flavour=oat");
      case "session" -> req.getSession(true);
      case "no-store" -> res.setHeader("Cache-Control", "no-store");
      case "private" -> res.setHeader("Cache-Control", "private, max-age=60");
      case "no-cache" -> res.setHeader("Cache-Control", "no-cache");
      case "public" -> res.setHeader("Cache-Control", "public, max-age=60");
      case "vary-star" -> res.setHeader("Vary", "*");
      case "event-stream" -> res.setContentType("text/event-stream");
      case "etag" -> res.setHeader("ETag", "\"v1\"");
      case "disable" -> dev.larder.http.LarderHttp.disableCaching(req);
      case "reset" -> {
        res.setHeader("X-Before-Reset", "gone");
        res.getWriter().write("discarded");
        res.reset();
      }
      case "throw" -> throw new IllegalStateException("the endpoint failed");
      default -> { }
    }
    text(res, path + " run=" + run);
  }

  private void async(HttpServletRequest req, HttpServletResponse res, String mode, String path, int run) {
    AsyncContext ctx = mode.equals("unwrapped") ? req.startAsync() : req.startAsync(req, res);
    ctx.start(() -> {
      try {
        HttpServletResponse r = (HttpServletResponse) ctx.getResponse();
        r.setContentType("text/plain;charset=UTF-8");
        byte[] body = (path + " async run=" + run).getBytes(StandardCharsets.UTF_8);
        r.getOutputStream().write(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } finally {
        ctx.complete();
      }
    });
  }
}
