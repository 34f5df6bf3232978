package dev.larder.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.larder.LarderConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The bounded caches the hit-ratio simulator compares, with keys of any type (the traces use
 * {@code Integer}, {@code Long} and {@code String} keys).
 *
 * <p>Larder is reached only through its JCache provider, chosen by class name and bounded with
 * {@link LarderConfiguration#setMaximumSize}, store-by-reference: the simulator measures whatever
 * engine the provider on the class path has. Caffeine is used through its own API with {@code
 * maximumSize} and a same-thread executor, so that its maintenance runs inside each call and a
 * replay does not depend on thread scheduling. LRU is a {@link LinkedHashMap} in access order.
 */
public enum Contender {

  /** Larder, through {@code javax.cache} ({@code dev.larder.spi.LarderCachingProvider}). */
  LARDER {
    @Override
    public Replayed create(long size) {
      String providerClass = "dev.larder.spi.LarderCachingProvider";
      CachingProvider provider = Caching.getCachingProvider(providerClass);
      CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
          provider.getDefaultClassLoader(), new Properties());
      LarderConfiguration<Object, Object> config = new LarderConfiguration<>();
      config.setMaximumSize(size);
      config.setTypes(Object.class, Object.class).setStoreByValue(false).setStatisticsEnabled(false);
      String name = "hit-ratio-" + System.nanoTime();
      javax.cache.Cache<Object, Object> cache = manager.createCache(name, config);
      String actual = cache.getCacheManager().getCachingProvider().getClass().getName();
      if (!actual.equals(providerClass) || cache.getConfiguration(CompleteConfiguration.class).isStoreByValue()) {
        throw new IllegalStateException("not the cache under test: provider " + actual);
      }
      return new Replayed() {
        @Override
        public Object get(Object key) {
          return cache.get(key);
        }

        @Override
        public void put(Object key, Object value) {
          cache.put(key, value);
        }

        @Override
        public void close() {
          manager.destroyCache(name);
          manager.close();
        }
      };
    }
  },

  /** Caffeine's own API: W-TinyLFU, {@code maximumSize}, executor {@code Runnable::run}. */
  CAFFEINE {
    @Override
    public Replayed create(long size) {
      Cache<Object, Object> cache = Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).build();
      return new Replayed() {
        @Override
        public Object get(Object key) {
          return cache.getIfPresent(key);
        }

        @Override
        public void put(Object key, Object value) {
          cache.put(key, value);
        }

        @Override
        public void close() {
          cache.invalidateAll();
        }
      };
    }
  },

  /** A plain LRU: {@link LinkedHashMap} in access order, evicting the eldest entry. */
  LRU {
    @Override
    public Replayed create(long size) {
      Map<Object, Object> map = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
          return size() > size;
        }
      };
      return new Replayed() {
        @Override
        public Object get(Object key) {
          return map.get(key);
        }

        @Override
        public void put(Object key, Object value) {
          map.put(key, value);
        }

        @Override
        public void close() {
          map.clear();
        }
      };
    }
  };

  /**
   * Creates an empty cache of this kind.
   *
   * @param size the maximum number of entries
   * @return the cache
   */
  public abstract Replayed create(long size);

  /**
   * Replays a trace through a new cache of this kind: every request is a get, and every miss is
   * followed by a put of the key (as a read-through cache would do).
   *
   * @param trace the requests
   * @param size the maximum number of entries
   * @return the fraction of the trace's {@linkplain Trace#counted counted} requests that hit
   */
  public double replay(Trace trace, long size) {
    long hits = 0;
    long counted = 0;
    try (Replayed cache = create(size)) {
      int length = trace.length();
      for (int i = 0; i < length; i++) {
        Object key = trace.key(i);
        boolean hit = cache.get(key) != null;
        if (!hit) {
          cache.put(key, key);
        }
        if (trace.counted(i)) {
          counted++;
          if (hit) {
            hits++;
          }
        }
      }
    }
    return counted == 0 ? 0 : (double) hits / counted;
  }

  /** A cache being replayed: get, put and release. */
  public interface Replayed extends AutoCloseable {

    /**
     * Reads a key.
     *
     * @param key the key
     * @return the value, or {@code null} on a miss
     */
    Object get(Object key);

    /**
     * Writes a key.
     *
     * @param key the key
     * @param value the value
     */
    void put(Object key, Object value);

    /** Releases the cache. */
    @Override
    void close();
  }
}
