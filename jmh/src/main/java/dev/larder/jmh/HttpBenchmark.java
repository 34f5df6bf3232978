package dev.larder.jmh;

import dev.larder.http.EndpointConfig;
import dev.larder.http.HttpCacheConfig;
import dev.larder.http.HttpResponseCache;
import dev.larder.http.LarderHttpFilter;
import dev.larder.spi.LarderCachingProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code larder-http} over real HTTP: an embedded Jetty 12 serves the same 1 KB JSON body four ways,
 * and a {@link HttpClient} in the same JVM requests it (so client, server and cache share the
 * machine's cores).
 *
 * <ul>
 *   <li>{@code trivialServlet}: a servlet writing the bytes, no filter: the limit a hit can reach;
 *   <li>{@code cachedHit}: the same URL behind the filter, always a hit;
 *   <li>{@code noFilterMiss}: the servlet with a new query each time, no filter;
 *   <li>{@code cachedMiss}: the same behind the filter: every request misses, runs the servlet,
 *       is captured and stored (past 10,000 entries, Larder evicts).
 * </ul>
 *
 * <p>Each comparison is a JMH group whose two methods run at the same time, one thread each, so
 * both sides see the same background load (the machine is shared with other builds): {@code hit}
 * runs {@code trivialServlet} beside {@code cachedHit}, {@code miss} runs {@code noFilterMiss}
 * beside {@code cachedMiss}. Targets (issue 14): {@code cachedHit / trivialServlet >= 0.8};
 * {@code cachedMiss} costs less than 10 % more than {@code noFilterMiss}, i.e. its throughput is
 * at least 1/1.1 = 0.91 of it. Throughput in requests per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class HttpBenchmark {

  static final byte[] BODY = body();

  Server server;
  CacheManager manager;
  HttpResponseCache cache;
  HttpClient client;
  HttpRequest trivial;
  HttpRequest hit;
  String base;
  final AtomicLong unique = new AtomicLong();

  /** The servlet of all four routes: a fixed 1 KB JSON body with its length. */
  public static final class Body extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("application/json");
      res.setContentLength(BODY.length);
      res.getOutputStream().write(BODY);
    }
  }

  private static byte[] body() {
    StringBuilder sb = new StringBuilder("{\"items\":[");
    for (int i = 0; sb.length() < 1000; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\"}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    manager = Caching.getCachingProvider(LarderCachingProvider.class.getName())
        .getCacheManager(URI.create("larder:jmh-http"), getClass().getClassLoader());
    cache = cache(manager);
    server = server(cache, 0);
    base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    trivial = HttpRequest.newBuilder(URI.create(base + "/plain/hit")).timeout(Duration.ofSeconds(30)).build();
    hit = HttpRequest.newBuilder(URI.create(base + "/cached/hit")).timeout(Duration.ofSeconds(30)).build();
    check(send(trivial), null);
    check(send(hit), "MISS");
    check(send(hit), "HIT");
  }

  /**
   * The response cache of the benchmark: two endpoints, defaults otherwise (10,000 entries; the
   * system property {@code larder.http.bench.maxEntries} changes the bound).
   */
  static HttpResponseCache cache(CacheManager manager) {
    return HttpResponseCache.create(HttpCacheConfig.builder().cacheName("jmh-http").jmx(false)
        .maxEntries(Long.getLong("larder.http.bench.maxEntries", HttpCacheConfig.DEFAULT_MAX_ENTRIES))
        .endpoint(EndpointConfig.builder("hit", "/cached/hit").build())
        .endpoint(EndpointConfig.builder("miss", "/cached/miss").build()).build(), manager);
  }

  /** Starts Jetty: {@link Body} at every path, the filter in front of {@code /cached/*} only. */
  static Server server(HttpResponseCache cache, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new Body()), "/");
    FilterHolder filter = new FilterHolder(new LarderHttpFilter(cache));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/cached/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return server;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    server.stop();
    cache.close();
    manager.close();
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int check(HttpResponse<byte[]> r, String xCache) {
    if (r.statusCode() != 200 || !Arrays.equals(BODY, r.body())
        || (xCache != null && !xCache.equals(r.headers().firstValue("X-Cache").orElse(null)))) {
      throw new IllegalStateException(r.uri() + ": status " + r.statusCode() + ", X-Cache "
          + r.headers().firstValue("X-Cache").orElse(null) + ", " + r.body().length + " bytes; expected " + xCache);
    }
    return r.body().length;
  }

  private HttpRequest fresh(String path) {
    return HttpRequest.newBuilder(URI.create(base + path + "?n=" + unique.incrementAndGet()))
        .timeout(Duration.ofSeconds(30)).build();
  }

  /** The limit: the bytes from a servlet with no filter. */
  @Benchmark
  @Group("hit")
  @GroupThreads(1)
  public int trivialServlet() throws Exception {
    return check(send(trivial), null);
  }

  /** The same bytes from the cache. */
  @Benchmark
  @Group("hit")
  @GroupThreads(1)
  public int cachedHit() throws Exception {
    return check(send(hit), "HIT");
  }

  /** A new URL every time, no filter. */
  @Benchmark
  @Group("miss")
  @GroupThreads(1)
  public int noFilterMiss() throws Exception {
    return check(send(fresh("/plain/miss")), null);
  }

  /** A new URL every time behind the filter: a miss, captured and stored. */
  @Benchmark
  @Group("miss")
  @GroupThreads(1)
  public int cachedMiss() throws Exception {
    return check(send(fresh("/cached/miss")), "MISS");
  }
}
