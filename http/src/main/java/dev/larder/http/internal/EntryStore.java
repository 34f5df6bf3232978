package dev.larder.http.internal;

import dev.larder.LarderCache;
import dev.larder.http.CachedResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The responses in a Larder cache, through nothing but the {@link LarderCache} API, so that every
 * mode works the same: volatile, persistent, and a shared mode once it exists. A failing cache
 * never fails a request: a read that throws counts as a miss and a write that throws as not
 * stored, and both are logged (at most once a minute).
 *
 * <p>Internal to {@code larder-http}.
 */
public final class EntryStore {

  private static final System.Logger LOG = System.getLogger(EntryStore.class.getName());

  private final LarderCache<String, CachedResponse> cache;
  private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

  /**
   * Wraps a cache.
   *
   * @param cache the Larder cache of the responses
   */
  public EntryStore(LarderCache<String, CachedResponse> cache) {
    this.cache = cache;
  }

  /** @return the cache */
  public LarderCache<String, CachedResponse> cache() {
    return cache;
  }

  /**
   * Reads a stored response.
   *
   * @param key the key
   * @return the response, or {@code null} if none is stored or the cache failed
   */
  public CachedResponse get(String key) {
    try {
      return cache.getIfPresent(key);
    } catch (RuntimeException e) {
      log("read", key, e);
      return null;
    }
  }

  /**
   * Stores a response.
   *
   * @param key the key
   * @param response the response
   * @param ttl its time to live
   * @return {@code true} if it was stored
   */
  public boolean put(String key, CachedResponse response, Duration ttl) {
    try {
      cache.put(key, response, ttl);
      return true;
    } catch (RuntimeException e) {
      log("write", key, e);
      return false;
    }
  }

  /**
   * Removes a key if it still holds a given response.
   *
   * @param key the key
   * @param response the response stored earlier
   */
  public void removeIfSame(String key, CachedResponse response) {
    try {
      cache.remove(key, response);
    } catch (RuntimeException e) {
      log("remove", key, e);
    }
  }

  /**
   * Removes every key that starts with a prefix.
   *
   * @param prefix the prefix
   * @return how many keys were removed
   */
  public int removeByPrefix(String prefix) {
    Set<String> keys;
    try (Stream<String> s = cache.keys(glob(prefix))) {
      keys = s.collect(Collectors.toSet());
    }
    if (!keys.isEmpty()) {
      cache.removeAll(keys);
    }
    return keys.size();
  }

  /**
   * Counts the keys that start with a prefix, walking the cache's keys.
   *
   * @param prefix the prefix
   * @return the count
   */
  public long count(String prefix) {
    try (Stream<String> s = cache.keys(glob(prefix))) {
      return s.count();
    }
  }

  private static String glob(String prefix) {
    StringBuilder sb = new StringBuilder(prefix.length() + 2);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('*').toString();
  }

  private void log(String what, String key, RuntimeException e) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (last == Long.MIN_VALUE || now - last > 60_000_000_000L) {
      if (lastLogged.compareAndSet(last, now)) {
        LOG.log(Level.WARNING, "larder-http: the " + what + " of key " + abbreviate(key) + " in cache '"
            + cache.getName() + "' failed; the request was served without the cache (further failures within"
            + " a minute are not logged)", e);
      }
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= 120 ? key : key.substring(0, 117) + "...";
  }
}
