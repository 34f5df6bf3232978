package dev.larder.http;

import dev.larder.Mode;
import dev.larder.config.Durations;
import dev.larder.http.internal.SettingsParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code larder.http.*} properties as a mutable bean: Spring Boot binds {@code application.properties}
 * or YAML to it, and {@link #fromProperties(Map, String)} fills it from a plain properties file
 * (web.xml set-ups). {@link #toConfig()} checks everything and builds the {@link HttpCacheConfig},
 * so both routes accept the same values and report the same errors. Every value is text, parsed
 * here: durations as {@code 600s}, {@code 10m}, {@code PT10M} or a bare number of seconds; sizes as
 * {@code 10KB}, {@code 1MB} or a bare number of bytes.
 */
public class HttpCacheSettings {

  private boolean enabled = true;
  private String cacheName;
  private String cacheManagerUri;
  private String mode;
  private String directory;
  private String maxEntries;
  private String maxKeyBytes;
  private String maxEntryBytes;
  private String lockTimeout;
  private Boolean cacheStatusHeader;
  private Boolean xCacheHeader;
  private Boolean jmx;
  private Integer filterOrder;
  private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  /** Creates settings with nothing set: every setting has its default. */
  public HttpCacheSettings() {}

  /**
   * Reads settings from flat properties, with or without the {@code larder.http.} prefix.
   *
   * @param properties e.g. {@code endpoints.users.path=/users/{id}}, {@code larder.http.max-entries=5000}
   * @param source where they came from (a file name), for error messages
   * @return the settings
   * @throws HttpCacheConfigException naming the source and the key of an unknown setting or a malformed value
   */
  public static HttpCacheSettings fromProperties(Map<String, String> properties, String source) {
    return SettingsParser.parse(properties, source);
  }

  /**
   * Checks the settings and builds the configuration.
   *
   * @return the configuration
   * @throws HttpCacheConfigException naming the property of the first wrong setting and what to write
   */
  public HttpCacheConfig toConfig() {
    HttpCacheConfig.Builder b = HttpCacheConfig.builder();
    if (cacheName != null) {
      b.cacheName(cacheName);
    }
    if (maxEntries != null) {
      b.maxEntries(SettingsParser.count(maxEntries, "larder.http.max-entries"));
    }
    if (maxKeyBytes != null) {
      b.maxKeyBytes(SettingsParser.bytes(maxKeyBytes, "larder.http.max-key-bytes"));
    }
    if (maxEntryBytes != null) {
      b.maxEntryBytes(SettingsParser.bytes(maxEntryBytes, "larder.http.max-entry-bytes"));
    }
    if (lockTimeout != null) {
      b.lockTimeout(duration(lockTimeout, "larder.http.lock-timeout"));
    }
    if (cacheStatusHeader != null) {
      b.cacheStatusHeader(cacheStatusHeader);
    }
    if (xCacheHeader != null) {
      b.xCacheHeader(xCacheHeader);
    }
    if (jmx != null) {
      b.jmx(jmx);
    }
    if (mode != null && !mode.isBlank()) {
      try {
        b.mode(Mode.parse(mode, "larder.http.mode"));
      } catch (IllegalArgumentException e) {
        throw new HttpCacheConfigException(e.getMessage(), e);
      }
    }
    if (directory != null && !directory.isBlank()) {
      b.directory(directory);
    }
    for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
      b.endpoint(e.getValue().toConfig(e.getKey()));
    }
    return b.build();
  }

  /**
   * Parses a duration the way every {@code larder.http} duration is written.
   *
   * @param text {@code 600s}, {@code 10m}, {@code PT10M}, or a bare number of seconds
   * @param property the property, for the error message
   * @return the duration
   * @throws HttpCacheConfigException naming the property if the text is not a positive duration
   */
  static Duration duration(String text, String property) {
    String t = text.trim();
    try {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        return Durations.parse(t + "s", property);
      }
      return Durations.parse(t, property);
    } catch (IllegalArgumentException e) {
      throw new HttpCacheConfigException(e.getMessage() + " (a bare number means seconds)", e);
    }
  }

  // ---- bean properties (Spring Boot binds these; the names are the kebab-case properties) ----

  /** @return {@code larder.http.enabled}: whether Spring Boot registers the filter (default {@code true}) */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled {@code larder.http.enabled} */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return {@code larder.http.cache-name} */
  public String getCacheName() {
    return cacheName;
  }

  /** @param cacheName {@code larder.http.cache-name}: the Larder cache for the responses */
  public void setCacheName(String cacheName) {
    this.cacheName = cacheName;
  }

  /** @return {@code larder.http.cache-manager-uri} */
  public String getCacheManagerUri() {
    return cacheManagerUri;
  }

  /** @param cacheManagerUri {@code larder.http.cache-manager-uri}: the Larder cache manager's URI; default: the provider's default manager */
  public void setCacheManagerUri(String cacheManagerUri) {
    this.cacheManagerUri = cacheManagerUri;
  }

  /** @return {@code larder.http.mode} */
  public String getMode() {
    return mode;
  }

  /** @param mode {@code larder.http.mode}: {@code volatile} or {@code persistent} */
  public void setMode(String mode) {
    this.mode = mode;
  }

  /** @return {@code larder.http.directory} */
  public String getDirectory() {
    return directory;
  }

  /** @param directory {@code larder.http.directory}: the folder of a persistent cache */
  public void setDirectory(String directory) {
    this.directory = directory;
  }

  /** @return {@code larder.http.max-entries} */
  public String getMaxEntries() {
    return maxEntries;
  }

  /** @param maxEntries {@code larder.http.max-entries}: default 10000 */
  public void setMaxEntries(String maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** @return {@code larder.http.max-key-bytes} */
  public String getMaxKeyBytes() {
    return maxKeyBytes;
  }

  /** @param maxKeyBytes {@code larder.http.max-key-bytes}: default 10KB */
  public void setMaxKeyBytes(String maxKeyBytes) {
    this.maxKeyBytes = maxKeyBytes;
  }

  /** @return {@code larder.http.max-entry-bytes} */
  public String getMaxEntryBytes() {
    return maxEntryBytes;
  }

  /** @param maxEntryBytes {@code larder.http.max-entry-bytes}: default 10KB */
  public void setMaxEntryBytes(String maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /** @return {@code larder.http.lock-timeout} */
  public String getLockTimeout() {
    return lockTimeout;
  }

  /** @param lockTimeout {@code larder.http.lock-timeout}: default 5s */
  public void setLockTimeout(String lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  /** @return {@code larder.http.cache-status-header} */
  public Boolean getCacheStatusHeader() {
    return cacheStatusHeader;
  }

  /** @param on {@code larder.http.cache-status-header}: default true */
  public void setCacheStatusHeader(Boolean on) {
    this.cacheStatusHeader = on;
  }

  /** @return {@code larder.http.x-cache-header} */
  public Boolean getXCacheHeader() {
    return xCacheHeader;
  }

  /** @param on {@code larder.http.x-cache-header}: default true */
  public void setXCacheHeader(Boolean on) {
    this.xCacheHeader = on;
  }

  /** @return {@code larder.http.jmx} */
  public Boolean getJmx() {
    return jmx;
  }

  /** @param on {@code larder.http.jmx}: default true */
  public void setJmx(Boolean on) {
    this.jmx = on;
  }

  /** @return {@code larder.http.filter-order} (Spring Boot only) */
  public Integer getFilterOrder() {
    return filterOrder;
  }

  /** @param filterOrder {@code larder.http.filter-order}: default Spring Security's filter order + 10 */
  public void setFilterOrder(Integer filterOrder) {
    this.filterOrder = filterOrder;
  }

  /** @return {@code larder.http.endpoints.*}, by endpoint name */
  public Map<String, Endpoint> getEndpoints() {
    return endpoints;
  }

  /** @param endpoints {@code larder.http.endpoints.*}, by endpoint name */
  public void setEndpoints(Map<String, Endpoint> endpoints) {
    this.endpoints = new LinkedHashMap<>(endpoints);
  }

  /** The {@code larder.http.endpoints.<name>.*} properties of one endpoint. */
  public static class Endpoint {
    private String path;
    private Boolean enabled;
    private String ttl;
    private List<String> queryParams;
    private List<String> varyHeaders;
    private String authorization;
    private Boolean revalidation;

    /** Creates an endpoint with nothing set. */
    public Endpoint() {}

    EndpointConfig toConfig(String id) {
      EndpointConfig.Builder b = EndpointConfig.builder(id, path);
      if (enabled != null) {
        b.enabled(enabled);
      }
      if (ttl != null) {
        b.ttl(duration(ttl, EndpointConfig.property(id, "ttl")));
      }
      if (queryParams != null) {
        b.queryParams(queryParams);
      }
      if (varyHeaders != null) {
        b.varyHeaders(varyHeaders.toArray(new String[0]));
      }
      if (authorization != null) {
        b.authorization(authorization(authorization, EndpointConfig.property(id, "authorization")));
      }
      if (revalidation != null) {
        b.revalidation(revalidation);
      }
      return b.build();
    }

    private static AuthorizedRequests authorization(String text, String property) {
      String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (AuthorizedRequests a : AuthorizedRequests.values()) {
        if (a.name().equals(t)) {
          return a;
        }
      }
      throw new HttpCacheConfigException(property + " = \"" + text + "\" is not one of bypass, shared, per-principal");
    }

    /** @return the path pattern */
    public String getPath() {
      return path;
    }

    /** @param path the path pattern, e.g. {@code /users/{id}} */
    public void setPath(String path) {
      this.path = path;
    }

    /** @return whether the endpoint is cached */
    public Boolean getEnabled() {
      return enabled;
    }

    /** @param enabled whether the endpoint is cached (default true) */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the time to live */
    public String getTtl() {
      return ttl;
    }

    /** @param ttl the time to live: default 600s, at most 3600s */
    public void setTtl(String ttl) {
      this.ttl = ttl;
    }

    /** @return the query parameters that form the key */
    public List<String> getQueryParams() {
      return queryParams;
    }

    /** @param queryParams the query parameters that form the key; {@code *} (default) for all, empty for none */
    public void setQueryParams(List<String> queryParams) {
      this.queryParams = queryParams;
    }

    /** @return the request headers that vary the entry */
    public List<String> getVaryHeaders() {
      return varyHeaders;
    }

    /** @param varyHeaders the request headers that vary the entry */
    public void setVaryHeaders(List<String> varyHeaders) {
      this.varyHeaders = varyHeaders;
    }

    /** @return what requests with credentials do */
    public String getAuthorization() {
      return authorization;
    }

    /** @param authorization {@code bypass} (default), {@code shared} or {@code per-principal} */
    public void setAuthorization(String authorization) {
      this.authorization = authorization;
    }

    /** @return whether client revalidation is honoured */
    public Boolean getRevalidation() {
      return revalidation;
    }

    /** @param revalidation whether client revalidation is honoured (default true) */
    public void setRevalidation(Boolean revalidation) {
      this.revalidation = revalidation;
    }
  }
}
