package dev.larder.http;

import dev.larder.http.internal.PathPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The caching rules of one endpoint: which paths it covers, how long responses live, and what forms
 * the key. Immutable; build one with {@link #builder(String, String)}. Every value is checked when
 * {@link Builder#build()} runs, so a wrong setting fails the application's start-up with an error
 * naming the endpoint and the property.
 */
public final class EndpointConfig {

  /** The time to live of an endpoint that sets none: 600 seconds. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(600);
  /** The longest time to live accepted: 3600 seconds. */
  public static final Duration MAX_TTL = Duration.ofSeconds(3600);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final String id;
  private final PathPattern path;
  private final boolean enabled;
  private final Duration ttl;
  private final List<String> queryParams;
  private final List<String> varyHeaders;
  private final AuthorizedRequests authorization;
  private final boolean revalidation;

  private EndpointConfig(Builder b, PathPattern path, List<String> queryParams, List<String> varyHeaders) {
    this.id = b.id;
    this.path = path;
    this.enabled = b.enabled;
    this.ttl = b.ttl;
    this.queryParams = queryParams;
    this.varyHeaders = varyHeaders;
    this.authorization = b.authorization;
    this.revalidation = b.revalidation;
  }

  /**
   * Starts an endpoint's configuration.
   *
   * @param id the endpoint's name: letters, digits, {@code .}, {@code _} and {@code -}, at most 100
   *     characters; used in keys, JMX names, meter tags and the actuator endpoint
   * @param path the path pattern, e.g. {@code /users/{id}} (see {@link PathPattern})
   * @return a builder with the defaults: enabled, ttl 600 s, every query parameter in the key, no
   *     vary headers, credentials bypass, client revalidation honoured
   */
  public static Builder builder(String id, String path) {
    return new Builder(id, path);
  }

  /** @return the endpoint's name */
  public String id() {
    return id;
  }

  /** @return the path pattern */
  public PathPattern path() {
    return path;
  }

  /** @return {@code false} if requests to the endpoint bypass the cache */
  public boolean enabled() {
    return enabled;
  }

  /** @return how long a stored response is served, at most {@link #MAX_TTL} */
  public Duration ttl() {
    return ttl;
  }

  /** @return the query parameter names that form the key, sorted; {@code null} means all of them */
  public List<String> queryParams() {
    return queryParams;
  }

  /** @return the request headers that vary the entry, lower case and sorted */
  public List<String> varyHeaders() {
    return varyHeaders;
  }

  /** @return what requests with credentials do */
  public AuthorizedRequests authorization() {
    return authorization;
  }

  /** @return {@code true} if {@code Cache-Control: no-cache}/{@code max-age} and {@code Pragma: no-cache} from clients are honoured */
  public boolean revalidation() {
    return revalidation;
  }

  /**
   * Returns the property name of one of an endpoint's settings, as error messages and the docs write it.
   *
   * @param id the endpoint's name
   * @param setting the setting, e.g. {@code "ttl"}
   * @return e.g. {@code larder.http.endpoints.users.ttl}
   */
  public static String property(String id, String setting) {
    return "larder.http.endpoints." + id + "." + setting;
  }

  @Override
  public String toString() {
    return "EndpointConfig[" + id + " " + path + ", enabled=" + enabled + ", ttl=" + ttl.toSeconds() + "s, queryParams="
        + (queryParams == null ? "*" : queryParams) + ", varyHeaders=" + varyHeaders + ", authorization="
        + authorization + ", revalidation=" + revalidation + "]";
  }

  /** Collects an endpoint's settings; {@link #build()} checks them. */
  public static final class Builder {
    private final String id;
    private final String pathText;
    private boolean enabled = true;
    private Duration ttl = DEFAULT_TTL;
    private List<String> queryParams;
    private final List<String> varyHeaders = new ArrayList<>();
    private AuthorizedRequests authorization = AuthorizedRequests.BYPASS;
    private boolean revalidation = true;

    private Builder(String id, String path) {
      this.id = id;
      this.pathText = path;
    }

    /**
     * Turns caching of the endpoint on or off (off: requests bypass the cache and count as bypasses).
     *
     * @param enabled {@code true} to cache
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets how long a stored response is served.
     *
     * @param ttl at least one second and at most {@link #MAX_TTL} (3600 s)
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Chooses the query parameters that form the key; the others are ignored (a request that adds
     * {@code utm_source} still hits). By default every parameter is part of the key. Names are
     * compared exactly; the key lists them sorted, so their order in the URL does not matter.
     *
     * @param names parameter names; {@code "*"} alone means all; none means the query is not part of the key
     * @return this builder
     */
    public Builder queryParams(String... names) {
      this.queryParams = List.of(names);
      return this;
    }

    /**
     * Chooses the query parameters that form the key, as {@link #queryParams(String...)}.
     *
     * @param names parameter names, or {@code null} for all
     * @return this builder
     */
    public Builder queryParams(List<String> names) {
      this.queryParams = names == null ? null : List.copyOf(names);
      return this;
    }

    /**
     * Adds request headers whose values vary the entry (for example {@code Accept} or {@code
     * Accept-Language}); the endpoint's responses may say {@code Vary} only on these.
     *
     * @param names header names, compared without regard to case
     * @return this builder
     */
    public Builder varyHeaders(String... names) {
      this.varyHeaders.addAll(List.of(names));
      return this;
    }

    /**
     * Sets what requests with credentials do (default {@link AuthorizedRequests#BYPASS}).
     *
     * @param authorization the rule
     * @return this builder
     */
    public Builder authorization(AuthorizedRequests authorization) {
      this.authorization = Objects.requireNonNull(authorization, "authorization");
      return this;
    }

    /**
     * Sets whether clients may force a fresh response with {@code Cache-Control: no-cache},
     * {@code max-age} or {@code Pragma: no-cache} (default {@code true}; concurrent refreshes of one
     * key still run the endpoint once at a time).
     *
     * @param revalidation {@code false} to serve stored responses whatever the client asks
     * @return this builder
     */
    public Builder revalidation(boolean revalidation) {
      this.revalidation = revalidation;
      return this;
    }

    /**
     * Checks the settings and builds the configuration.
     *
     * @return the endpoint's configuration
     * @throws HttpCacheConfigException naming the endpoint and the property of the first wrong setting
     */
    public EndpointConfig build() {
      if (id == null || !ID.matcher(id).matches()) {
        throw new HttpCacheConfigException("larder-http endpoint name \"" + id + "\" is not allowed: use letters,"
            + " digits, '.', '_' and '-' (at most 100 characters), e.g. larder.http.endpoints.users.path=/users/{id}");
      }
      PathPattern path = PathPattern.parse(pathText, property(id, "path"));
      checkTtl();
      return new EndpointConfig(this, path, checkedQueryParams(), checkedVaryHeaders());
    }

    private void checkTtl() {
      String where = property(id, "ttl");
      if (ttl == null) {
        throw new HttpCacheConfigException(where + " is missing; leave it out for the default of 600 s");
      }
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new HttpCacheConfigException(where + " = " + describe(ttl) + " is too short: a time to live is at least 1 s");
      }
      if (ttl.compareTo(MAX_TTL) > 0) {
        throw new HttpCacheConfigException(where + " = " + describe(ttl) + " is longer than the maximum of 3600 s"
            + " (1 hour): choose at most 3600s, and clear the endpoint when its data changes");
      }
    }

    private static String describe(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private List<String> checkedQueryParams() {
      if (queryParams == null || queryParams.equals(List.of("*"))) {
        return null;
      }
      TreeSet<String> names = new TreeSet<>();
      for (String n : queryParams) {
        if (n == null || n.isBlank()) {
          throw new HttpCacheConfigException(property(id, "query-params") + " has an empty name: list parameter"
              + " names separated by commas, or * for all of them");
        }
        if (n.trim().equals("*")) {
          throw new HttpCacheConfigException(property(id, "query-params") + " mixes * with names " + queryParams
              + ": write * alone for every parameter, or list the names that form the key");
        }
        names.add(n.trim());
      }
      return List.copyOf(names);
    }

    private List<String> checkedVaryHeaders() {
      TreeSet<String> names = new TreeSet<>();
      for (String n : varyHeaders) {
        String name = n == null ? "" : n.trim();
        if (!TOKEN.matcher(name).matches() || name.equals("*")) {
          throw new HttpCacheConfigException(property(id, "vary-headers") + ": \"" + n + "\" is not a header name;"
              + " list request header names separated by commas, e.g. Accept, Accept-Language");
        }
        names.add(name.toLowerCase(Locale.ROOT));
      }
      return List.copyOf(names);
    }
  }
}
