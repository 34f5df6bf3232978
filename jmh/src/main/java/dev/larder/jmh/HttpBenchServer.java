package dev.larder.jmh;

import dev.larder.http.HttpResponseCache;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.eclipse.jetty.server.Server;

/**
 * The {@link HttpBenchmark} server on its own, for an external load generator ({@code wrk}, see
 * {@code jmh/http-wrk.sh}): {@code java -cp jmh/target/benchmarks.jar dev.larder.jmh.HttpBenchServer 8089}.
 * Runs until killed.
 */
public final class HttpBenchServer {

  private HttpBenchServer() {}

  /**
   * Starts the server.
   *
   * @param args the port (default 8089)
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    CacheManager manager = Caching.getCachingProvider(LarderCachingProvider.class.getName())
        .getCacheManager(URI.create("larder:wrk-http"), HttpBenchServer.class.getClassLoader());
    HttpResponseCache cache = HttpBenchmark.cache(manager);
    Server server = HttpBenchmark.server(cache, port);
    System.out.println("listening on 127.0.0.1:" + port);
    server.join();
  }
}
