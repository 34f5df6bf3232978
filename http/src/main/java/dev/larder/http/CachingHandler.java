package dev.larder.http;

import dev.larder.http.internal.CapturingResponse;
import dev.larder.http.internal.Directives;
import dev.larder.http.internal.Endpoint;
import dev.larder.http.internal.EndpointCounters;
import dev.larder.http.internal.HitWriter;
import dev.larder.http.internal.RequestKeys;
import dev.larder.http.internal.ResponseRules;
import dev.larder.http.internal.SingleFlight.Flight;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the filter does with one request to a cached endpoint:
 *
 * <ol>
 *   <li>bypass if the method, the endpoint, the request's directives or credentials say so, or
 *       the key cannot be built or is too large;
 *   <li>unless the client asks for a fresh response, answer from the stored entry;
 *   <li>otherwise (a miss or a refresh) join the key's flight or lead it: the leader runs the
 *       endpoint through a {@link CapturingResponse} and, when the endpoint is done (at once, or
 *       when its asynchronous processing completes), stores the response if the rules allow, then
 *       wakes the followers with it.
 * </ol>
 */
final class CachingHandler {

  private static final System.Logger LOG = System.getLogger(CachingHandler.class.getName());

  private final HttpResponseCache cache;

  CachingHandler(HttpResponseCache cache) {
    this.cache = cache;
  }

  void handle(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String path = RequestKeys.path(req);
    Endpoint ep = cache.match(path);
    if (ep == null) {
      chain.doFilter(req, res);
      return;
    }
    req.setAttribute(LarderHttp.ENDPOINT_ATTRIBUTE, ep.config().id());
    String method = req.getMethod();
    boolean head = "HEAD".equals(method);
    Directives directives = Directives.ofRequest(req.getHeaders("Cache-Control"), req.getHeaders("Pragma"));
    Reason reason = bypassReason(req, ep, head || "GET".equals(method), directives);
    String key = null;
    if (reason == null) {
      try {
        key = RequestKeys.of(ep, req, path);
        if (key.length() > cache.config().maxKeyBytes()) {
          reason = Reason.KEY_TOO_LARGE;
        }
      } catch (IllegalArgumentException malformed) {
        reason = Reason.MALFORMED_REQUEST;
      }
    }
    if (reason != null) {
      bypass(req, res, chain, ep, reason);
      return;
    }
    boolean revalidation = ep.config().revalidation();
    boolean refresh = revalidation && (directives.noCache() || directives.maxAge() == 0);
    if (!refresh) {
      CachedResponse hit = cache.store().get(key);
      if (hit != null && revalidation && directives.maxAge() > 0 && hit.ageSeconds(cache.now()) > directives.maxAge()) {
        refresh = true; // older than this client accepts
      } else if (hit != null) {
        serveHit(req, res, ep, hit, false);
        return;
      } else if (directives.onlyIfCached()) {
        onlyIfCached(req, res, ep);
        return;
      }
    }
    if (head) {
      headMiss(req, res, chain, ep);
      return;
    }
    Flight flight = cache.flights().claim(key);
    if (!flight.leader()) {
      follow(req, res, chain, ep, key, flight, refresh);
      return;
    }
    if (!refresh) {
      CachedResponse stored = cache.store().get(key); // stored by a flight that ended between our read and our claim
      if (stored != null) {
        flight.finish(stored);
        serveHit(req, res, ep, stored, false);
        return;
      }
    }
    run(req, res, chain, ep, key, flight, refresh, null);
  }

  private static Reason bypassReason(HttpServletRequest req, Endpoint ep, boolean getOrHead, Directives directives) {
    if (!getOrHead) {
      return Reason.METHOD;
    }
    if (!ep.config().enabled()) {
      return Reason.DISABLED;
    }
    if (LarderHttp.isCachingDisabled(req)) {
      return Reason.DISABLED_BY_APP;
    }
    if (directives.noStore()) {
      return Reason.REQUEST_NO_STORE;
    }
    if (req.getHeader("Range") != null) {
      return Reason.RANGE;
    }
    if (ep.config().authorization() == AuthorizedRequests.BYPASS && RequestKeys.hasCredentials(req)) {
      return Reason.AUTHORIZATION;
    }
    return null;
  }

  private void follow(HttpServletRequest req, HttpServletResponse res, FilterChain chain, Endpoint ep, String key,
      Flight flight, boolean refresh) throws IOException, ServletException {
    AtomicInteger waiting = ep.counters().waiting();
    waiting.incrementAndGet();
    CachedResponse shared;
    try {
      shared = flight.await();
    } finally {
      waiting.decrementAndGet();
    }
    if (shared != null) {
      serveHit(req, res, ep, shared, true);
    } else {
      // the leader stored nothing, or took longer than the lock timeout: run the endpoint here
      run(req, res, chain, ep, key, null, refresh, flight.done() ? "leader-not-stored" : "wait-timeout");
    }
  }

  private void serveHit(HttpServletRequest req, HttpServletResponse res, Endpoint ep, CachedResponse hit,
      boolean collapsed) throws IOException {
    long now = cache.now();
    boolean notModified = HitWriter.notModified(req, hit);
    // counted before the body is written: the client may read the response before this method returns
    if (collapsed) {
      ep.counters().collapsed();
    } else {
      ep.counters().hit();
    }
    attributes(req, CacheResult.HIT, collapsed ? "collapsed" : notModified ? "not-modified" : null);
    cache.markers().hit(res, hit.ageSeconds(now), hit.ttlSeconds(now), collapsed);
    HitWriter.write(req, res, hit, notModified);
  }

  private void bypass(HttpServletRequest req, HttpServletResponse res, FilterChain chain, Endpoint ep, Reason reason)
      throws IOException, ServletException {
    ep.counters().count(reason);
    cache.markers().bypass(res, reason);
    attributes(req, CacheResult.BYPASS, reason.tag());
    chain.doFilter(req, res);
  }

  private void onlyIfCached(HttpServletRequest req, HttpServletResponse res, Endpoint ep) {
    ep.counters().count(Reason.ONLY_IF_CACHED);
    cache.markers().bypass(res, Reason.ONLY_IF_CACHED);
    attributes(req, CacheResult.MISS, Reason.ONLY_IF_CACHED.tag());
    res.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
    res.setContentLength(0);
  }

  private void headMiss(HttpServletRequest req, HttpServletResponse res, FilterChain chain, Endpoint ep)
      throws IOException, ServletException {
    ep.counters().miss();
    ep.counters().count(Reason.HEAD);
    cache.markers().forwarded(res, CacheResult.MISS, null);
    attributes(req, CacheResult.MISS, Reason.HEAD.tag());
    chain.doFilter(req, res);
  }

  /** Runs the endpoint through the capturing wrapper; the flight (if any) is finished on every path. */
  private void run(HttpServletRequest req, HttpServletResponse res, FilterChain chain, Endpoint ep, String key,
      Flight flight, boolean refresh, String detail) throws IOException, ServletException {
    CacheResult result = refresh ? CacheResult.REFRESH : CacheResult.MISS;
    Completion completion = null;
    try {
      if (refresh) {
        ep.counters().refresh();
      } else {
        ep.counters().miss();
      }
      cache.markers().forwarded(res, result, detail);
      attributes(req, result, null);
      CapturingResponse capture = new CapturingResponse(res, cache.config().maxEntryBytes(),
          () -> cache.markers().forwarded(res, result, detail));
      completion = new Completion(req, ep, key, flight, capture, ep.clearEpoch());
      chain.doFilter(req, capture);
      if (req.isAsyncStarted()) {
        watchAsync(req, capture, completion);
      } else {
        completion.finish();
      }
    } catch (IOException | ServletException | RuntimeException | Error e) {
      if (completion != null) {
        completion.notStored(Reason.FAILED);
      } else if (flight != null) {
        flight.finish(null);
      }
      throw e;
    }
  }

  private static void watchAsync(HttpServletRequest req, CapturingResponse capture, Completion completion) {
    AsyncContext async = req.getAsyncContext();
    if (!wraps(async.getResponse(), capture)) {
      // startAsync() without arguments: the endpoint may write to the unwrapped response
      completion.notStored(Reason.ASYNC_UNWRAPPED);
      return;
    }
    try {
      async.addListener(completion);
    } catch (IllegalStateException tooLate) {
      completion.notStored(Reason.FAILED);
    }
  }

  private static boolean wraps(ServletResponse response, CapturingResponse capture) {
    return response == capture || (response instanceof ServletResponseWrapper w && w.isWrapperFor(capture));
  }

  static void attributes(HttpServletRequest req, CacheResult result, String detail) {
    req.setAttribute(LarderHttp.RESULT_ATTRIBUTE, result.name());
    detail(req, detail);
  }

  private static void detail(HttpServletRequest req, String detail) {
    try {
      if (detail == null) {
        req.removeAttribute(LarderHttp.DETAIL_ATTRIBUTE);
      } else {
        req.setAttribute(LarderHttp.DETAIL_ATTRIBUTE, detail);
      }
    } catch (IllegalStateException recycled) {
      // an asynchronous request the container has already recycled: nothing to mark
    }
  }

  /** Decides and stores once the endpoint is done (synchronously, or as the async listener). */
  private final class Completion implements AsyncListener {
    private final HttpServletRequest req;
    private final Endpoint ep;
    private final String key;
    private final Flight flight;
    private final CapturingResponse capture;
    private final long epoch;
    private boolean done;

    Completion(HttpServletRequest req, Endpoint ep, String key, Flight flight, CapturingResponse capture, long epoch) {
      this.req = req;
      this.ep = ep;
      this.key = key;
      this.flight = flight;
      this.capture = capture;
      this.epoch = epoch;
    }

    synchronized void finish() {
      if (done) {
        return;
      }
      done = true;
      CachedResponse entry = null;
      String detail;
      try {
        Reason reason;
        try {
          reason = ResponseRules.check(ep.config(), req, capture);
          if (reason == null) {
            entry = ResponseRules.entry(capture, cache.now(), ep.ttlMillis());
            reason = entry.size() > cache.config().maxEntryBytes() ? Reason.TOO_LARGE
                : !cache.store().put(key, entry, ep.config().ttl()) ? Reason.STORE_FAILED : null;
          }
        } catch (RuntimeException e) {
          reason = Reason.STORE_FAILED; // never fail a response the client already has
          LOG.log(System.Logger.Level.WARNING, "larder-http: could not store the response of " + key, e);
        }
        EndpointCounters counters = ep.counters();
        if (reason != null) {
          counters.count(reason);
          entry = null;
          detail = reason.tag();
        } else if (ep.clearEpoch() != epoch) {
          cache.store().removeIfSame(key, entry); // the endpoint was cleared while this response was computed
          entry = null;
          detail = "cleared";
        } else {
          counters.stored(entry.size());
          detail = "stored";
        }
      } finally {
        if (flight != null) {
          flight.finish(entry);
        }
      }
      detail(req, detail);
    }

    synchronized void notStored(Reason reason) {
      if (done) {
        return;
      }
      done = true;
      ep.counters().count(reason);
      if (flight != null) {
        flight.finish(null);
      }
      detail(req, reason.tag());
    }

    @Override
    public void onComplete(AsyncEvent event) {
      finish();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      notStored(Reason.FAILED);
    }

    @Override
    public void onError(AsyncEvent event) {
      notStored(Reason.FAILED);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this); // a new async cycle: keep listening
    }
  }
}
