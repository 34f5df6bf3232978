package dev.larder.http.e2e;

import dev.larder.http.LarderHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A filter outside the cache that reads the cache's request attributes after the request, as an
 * access log does. Tests send {@code X-Request-Id} and look the line up by it.
 */
public final class AccessLog implements Filter {

  private final Map<String, String> lines = new ConcurrentHashMap<>();

  /** @return the "result detail endpoint" line logged for a request id, or {@code null} */
  public String line(String requestId) {
    return lines.get(requestId);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } finally {
      String id = ((HttpServletRequest) request).getHeader("X-Request-Id");
      if (id != null) {
        if (request.isAsyncStarted()) {
          request.getAsyncContext().addListener(new jakarta.servlet.AsyncListener() {
            @Override
            public void onComplete(jakarta.servlet.AsyncEvent event) {
              log(id, event.getSuppliedRequest());
            }

            @Override
            public void onTimeout(jakarta.servlet.AsyncEvent event) {}

            @Override
            public void onError(jakarta.servlet.AsyncEvent event) {}

            @Override
            public void onStartAsync(jakarta.servlet.AsyncEvent event) {}
          });
        } else {
          log(id, request);
        }
      }
    }
  }

  private void log(String id, ServletRequest request) {
    lines.put(id, request.getAttribute(LarderHttp.RESULT_ATTRIBUTE) + " "
        + request.getAttribute(LarderHttp.DETAIL_ATTRIBUTE) + " " + request.getAttribute(LarderHttp.ENDPOINT_ATTRIBUTE));
  }
}
