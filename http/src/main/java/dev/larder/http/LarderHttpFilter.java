package dev.larder.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The servlet filter that serves cached endpoints from an {@link HttpResponseCache}. Requests
 * whose path matches no endpoint pass through untouched; the others are answered from the cache or
 * run the endpoint as {@code CachingHandler} describes. It must be registered with
 * async support (an endpoint behind it may go asynchronous) for {@code REQUEST} dispatches, after
 * any security filter.
 *
 * <p><b>web.xml</b>: the no-argument constructor reads its settings in {@link #init(FilterConfig)}
 * from the init parameter {@value #CONFIG_PARAM} (a properties file: {@code /WEB-INF/...} in the
 * web application, {@code classpath:...} or {@code file:...}) and from init parameters named
 * {@code larder.http.*}, which override the file; the filter then creates its own
 * {@code HttpResponseCache} and closes it in {@link #destroy()}.
 *
 * <p><b>In code</b>: {@link #register(ServletContext, HttpResponseCache)}, or {@code new
 * LarderHttpFilter(cache)} with any registration API; the caller then owns the cache.
 */
public class LarderHttpFilter implements Filter {

  /** The init parameter naming the properties file. */
  public static final String CONFIG_PARAM = "config";
  /** The name {@link #register(ServletContext, HttpResponseCache)} gives the filter. */
  public static final String FILTER_NAME = "larder-http";

  private HttpResponseCache cache;
  private boolean ownsCache;
  private volatile CachingHandler handler;

  /** Creates a filter that reads its settings from init parameters (web.xml). */
  public LarderHttpFilter() {}

  /**
   * Creates a filter over a cache; the caller closes the cache.
   *
   * @param cache the cache
   */
  public LarderHttpFilter(HttpResponseCache cache) {
    this.cache = java.util.Objects.requireNonNull(cache, "cache");
    this.handler = new CachingHandler(cache);
  }

  /**
   * Registers a filter over a cache for every path ({@code /*}, REQUEST dispatches, async
   * supported, after the filters web.xml declares). The caller closes the cache.
   *
   * @param context the servlet context, during start-up
   * @param cache the cache
   * @return the registration, e.g. to add more mappings
   * @throws IllegalStateException if the context has already started
   */
  public static FilterRegistration.Dynamic register(ServletContext context, HttpResponseCache cache) {
    FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, new LarderHttpFilter(cache));
    if (registration == null) {
      throw new IllegalStateException("a filter named '" + FILTER_NAME + "' is already registered in " + context.getContextPath());
    }
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    return registration;
  }

  /**
   * Reads the settings from init parameters unless the filter was created over a cache.
   *
   * @param filterConfig the filter's configuration
   * @throws ServletException naming the filter and the setting if the settings are wrong or missing
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    if (cache != null) {
      return;
    }
    String name = filterConfig.getFilterName();
    try {
      HttpCacheSettings settings = HttpCacheSettings.fromProperties(properties(filterConfig), "filter '" + name + "'");
      if (!settings.isEnabled()) {
        return; // larder.http.enabled=false: pass everything through
      }
      if (settings.getEndpoints().isEmpty()) {
        throw new ServletException("larder-http filter '" + name + "' has no endpoints: give it the init parameter "
            + CONFIG_PARAM + " (e.g. /WEB-INF/larder-http.properties) holding larder.http.endpoints.<name>.path=...,"
            + " or such init parameters directly");
      }
      cache = HttpResponseCache.open(settings, loader(filterConfig.getServletContext()));
      ownsCache = true;
      handler = new CachingHandler(cache);
    } catch (HttpCacheConfigException e) {
      throw new ServletException("larder-http filter '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Map<String, String> properties(FilterConfig config) throws ServletException {
    Map<String, String> out = new LinkedHashMap<>();
    String location = config.getInitParameter(CONFIG_PARAM);
    if (location != null && !location.isBlank()) {
      Properties file = new Properties();
      try (InputStream in = open(config.getServletContext(), location.trim())) {
        if (in == null) {
          throw new ServletException("larder-http filter '" + config.getFilterName() + "': the file named by init"
              + " parameter " + CONFIG_PARAM + " does not exist: " + location);
        }
        file.load(in);
      } catch (IOException e) {
        throw new ServletException("larder-http filter '" + config.getFilterName() + "': cannot read " + location, e);
      }
      file.stringPropertyNames().forEach(k -> out.put(k, file.getProperty(k)));
    }
    Enumeration<String> names = config.getInitParameterNames();
    while (names.hasMoreElements()) {
      String n = names.nextElement();
      if (n.startsWith("larder.http.")) {
        out.put(n, config.getInitParameter(n));
      }
    }
    return out;
  }

  private static InputStream open(ServletContext context, String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String resource = location.substring("classpath:".length());
      resource = resource.startsWith("/") ? resource.substring(1) : resource;
      return loader(context).getResourceAsStream(resource);
    }
    if (location.startsWith("file:")) {
      java.io.File file = new java.io.File(location.substring("file:".length()));
      return file.isFile() ? new FileInputStream(file) : null;
    }
    return context.getResourceAsStream(location.startsWith("/") ? location : "/" + location);
  }

  /** The web application's class loader; some containers (embedded Jetty without one set) report none. */
  private static ClassLoader loader(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
    }
    return loader != null ? loader : LarderHttpFilter.class.getClassLoader();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    CachingHandler h = handler;
    if (h == null || request.getDispatcherType() != DispatcherType.REQUEST
        || !(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    h.handle(req, res, chain);
  }

  /** Closes the cache if this filter created it. */
  @Override
  public void destroy() {
    handler = null;
    if (ownsCache && cache != null) {
      cache.close();
    }
  }

  /**
   * Returns the cache this filter serves from.
   *
   * @return the cache, or {@code null} before {@link #init} or when {@code larder.http.enabled=false}
   */
  public HttpResponseCache cache() {
    return cache;
  }
}
