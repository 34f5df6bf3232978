package dev.larder.http.e2e;

import dev.larder.http.HttpResponseCache;
import dev.larder.http.LarderHttpFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The test application, wired the way a plain servlet application wires the cache: a
 * {@link ServletContainerInitializer} that calls {@code ServletContext.addFilter} (through
 * {@link LarderHttpFilter#register}) after its own access-log filter, and maps one servlet to
 * {@code /}.
 */
public final class TestApp implements ServletContainerInitializer {

  private final HttpResponseCache cache;
  private final AppServlet servlet = new AppServlet();
  private final AccessLog accessLog = new AccessLog();

  /** @param cache the cache the filter serves from */
  public TestApp(HttpResponseCache cache) {
    this.cache = cache;
  }

  /** @return the endpoints */
  public AppServlet servlet() {
    return servlet;
  }

  /** @return the access log */
  public AccessLog accessLog() {
    return accessLog;
  }

  /** @return the cache */
  public HttpResponseCache cache() {
    return cache;
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    FilterRegistration.Dynamic log = context.addFilter("access-log", accessLog);
    log.setAsyncSupported(true);
    log.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    LarderHttpFilter.register(context, cache);
    ServletRegistration.Dynamic app = context.addServlet("app", servlet);
    app.setAsyncSupported(true);
    app.addMapping("/");
  }
}
