package dev.larder.redis;

import dev.larder.engine.Keys;
import io.lettuce.core.ScriptOutputType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * The leases this instance holds on keys of one shared cache: while a step runs on a key, the
 * key's lease in Redis names this step's token, so no other instance starts a step on it; the
 * commit checks the token again. Only one thread of this instance asks for a key's lease at a time
 * (the store holds the key in memory first); the thread that holds it may enter again (nested
 * steps, a hold of several keys). An instance waits for a lease another holds — woken by the
 * holder's release, or at the latest when the lease would run out — and renews its own leases
 * every third of their duration, so a live holder is never overtaken and a dead one for at most
 * one lease.
 *
 * @param <K> key type
 */
final class Leases<K> {

  private static final Logger LOG = Logger.getLogger(Leases.class.getName());
  /** The longest a waiter sleeps before it asks again (a release notice may be lost). */
  private static final long MAX_WAIT_MILLIS = 200;

  /** A lease held by a thread of this instance. */
  static final class Held {
    final Object key;
    final byte[] member;
    final int bucket;
    final Thread owner = Thread.currentThread();
    volatile String token;
    /** Whether the lease in Redis was given back (a commit may release it before the step ends). */
    volatile boolean released;
    int depth;
    /** The entry as the latest entry into the lease read it. */
    Raw raw;
    private int ops;

    Held(Object key, byte[] member, int bucket, String token) {
      this.key = key;
      this.member = member;
      this.bucket = bucket;
      this.token = token;
    }

    /** A new id for one commit under this lease. */
    String nextOp() {
      return token + "." + (++ops);
    }
  }

  /** Woken when a key's lease is given back. */
  private static final class Signal {
    int waiters;
    long generation;
  }

  /** How many leases (of any shared cache of this JVM) the current thread holds. */
  private static final ThreadLocal<int[]> HELD_BY_THREAD = ThreadLocal.withInitial(() -> new int[1]);

  private final Calls calls;
  private final Layout layout;
  private final String instance;
  private final long leaseMillis;
  private final ServerClock time;
  private final AtomicLong tokens = new AtomicLong();
  private final ConcurrentHashMap<Object, Held> held = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteBuffer, Signal> signals = new ConcurrentHashMap<>();

  Leases(Calls calls, Layout layout, String instance, long leaseMillis, ServerClock time) {
    this.calls = calls;
    this.layout = layout;
    this.instance = instance;
    this.leaseMillis = leaseMillis;
    this.time = time;
  }

  /**
   * Enters a key's lease for a step of the calling thread: takes it in Redis (waiting while another
   * instance holds it), or enters the one this thread holds already.
   *
   * @param key the key
   * @param member the encoded key
   * @param bucket its bucket
   * @param fresh reads the entry again, for a thread that holds the lease already
   * @return the lease, whose {@link Held#raw} is the entry now
   * @throws CacheException if Redis fails, or waiting would never end
   */
  Held enter(Object key, byte[] member, int bucket, Supplier<Raw> fresh) {
    Held h = held.get(key);
    if (h != null && h.owner == Thread.currentThread()) {
      if (h.released) {
        String token = newToken();
        h.raw = acquire(key, member, bucket, token);
        h.token = token;
        h.released = false;
        HELD_BY_THREAD.get()[0]++;
      } else {
        h.raw = fresh.get();
      }
      h.depth++;
      return h;
    }
    Held mine = new Held(key, member, bucket, newToken());
    mine.raw = acquire(key, member, bucket, mine.token);
    mine.depth = 1;
    held.put(key, mine);
    HELD_BY_THREAD.get()[0]++;
    return mine;
  }

  /**
   * Tells whether a thread of this instance holds (or is inside a step under) the key's lease.
   *
   * @param key the key
   * @return {@code true} if it does
   */
  boolean isHeld(Object key) {
    return held.containsKey(key);
  }

  /**
   * Takes the leases of several keys for a batch of the calling thread at once (their requests
   * pipelined: one round trip), without waiting for any: if another instance holds one of them, or
   * this thread holds one already, or Redis fails, it gives back those it took and returns {@code
   * null} (the caller then runs the keys one by one, which waits and reports failures as usual).
   *
   * @param keys the keys, distinct
   * @param members their encoded forms
   * @param buckets their buckets
   * @return the leases, each with its entry read, in the keys' order; or {@code null}
   */
  java.util.List<Held> tryEnterAll(java.util.List<?> keys, byte[][] members, int[] buckets) {
    for (Object key : keys) {
      if (held.containsKey(key)) {
        return null;
      }
    }
    int n = keys.size();
    String[] tokens = new String[n];
    java.util.List<java.util.concurrent.CompletableFuture<List<Object>>> answers = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tokens[i] = newToken();
      answers.add(calls.script(Script.ACQUIRE, ScriptOutputType.MULTI,
          new byte[][] {layout.entry(buckets[i], members[i]), layout.lease(buckets[i], members[i])},
          Layout.utf8(tokens[i]), Layout.utf8(Long.toString(leaseMillis)),
          Layout.utf8(Long.toString(time.serverNow() + calls.timeoutMillis))));
    }
    java.util.List<Held> taken = new java.util.ArrayList<>(n);
    boolean all = true;
    for (int i = 0; i < n; i++) {
      List<Object> answer = null;
      try {
        answer = calls.await(answers.get(i), "taking the lease", keys.get(i));
      } catch (CacheException e) {
        release(buckets[i], members[i], tokens[i]); // in case it was taken and only the answer was lost
      }
      if (answer != null && (Long) answer.get(0) == 2) {
        Held h = new Held(keys.get(i), members[i], buckets[i], tokens[i]);
        h.raw = Raw.of(answer, 2);
        h.depth = 1;
        held.put(keys.get(i), h);
        HELD_BY_THREAD.get()[0]++;
        taken.add(h);
      } else {
        all = false;
      }
    }
    if (!all) {
      for (int i = taken.size() - 1; i >= 0; i--) {
        exit(taken.get(i));
      }
      return null;
    }
    return taken;
  }

  /**
   * Records that a commit gave a lease back in Redis (its step goes on without it).
   *
   * @param h the lease
   */
  void released(Held h) {
    if (!h.released) {
      h.released = true;
      HELD_BY_THREAD.get()[0]--;
    }
  }

  /**
   * Leaves a lease; the outermost exit gives it back in Redis unless a commit did already.
   *
   * @param h the lease from {@link #enter}
   */
  void exit(Held h) {
    if (--h.depth > 0) {
      return;
    }
    held.remove(h.key, h);
    if (!h.released) {
      released(h);
      release(h.bucket, h.member, h.token);
    }
  }

  /** Gives a lease back if it is this token's (not waited for: it runs out by itself if this fails). */
  private void release(int bucket, byte[] member, String token) {
    calls.script(Script.RELEASE, ScriptOutputType.INTEGER, new byte[][] {layout.lease(bucket, member)},
        Layout.utf8(token), layout.notifyChannel(), Layout.utf8(instance), member).whenComplete((answer, failure) -> {
          if (failure != null) {
            LOG.log(Level.FINE, "releasing a lease failed; it runs out by itself", failure);
          }
        });
  }

  /** Whether the calling thread holds a lease (of any shared cache of this JVM) while it asks for another. */
  private static boolean holdsOthers() {
    return HELD_BY_THREAD.get()[0] > 0;
  }

  private Raw acquire(Object key, byte[] member, int bucket, String token) {
    ByteBuffer name = ByteBuffer.wrap(member);
    Signal signal = signals.compute(name, (n, s) -> {
      Signal t = s == null ? new Signal() : s;
      t.waiters++;
      return t;
    });
    try {
      long start = System.nanoTime();
      byte[][] keys = {layout.entry(bucket, member), layout.lease(bucket, member)};
      while (true) {
        long seen;
        synchronized (signal) {
          seen = signal.generation;
        }
        List<Object> answer;
        try {
          answer = calls.await(calls.script(Script.ACQUIRE, ScriptOutputType.MULTI, keys, Layout.utf8(token),
              Layout.utf8(Long.toString(leaseMillis)),
              Layout.utf8(Long.toString(time.serverNow() + calls.timeoutMillis))),
              "taking the lease", key);
        } catch (CacheException e) {
          release(bucket, member, token); // in case it was taken and only the answer was lost
          throw e;
        }
        long code = (Long) answer.get(0);
        if (code == 2) {
          return Raw.of(answer, 2);
        }
        if (code == 0) {
          throw calls.notApplied("taking the lease", key, "Redis ran the request only after its timeout of "
              + calls.timeoutMillis + " ms");
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (waited > leaseMillis && holdsOthers()) {
          throw new CacheException("Cache '" + calls.cacheName + "': key " + Keys.abbreviate(key) + " has been held by"
              + " another instance for " + waited + " ms while this thread holds another key of a shared cache: the two"
              + " instances may be waiting for each other (listeners or writers that write each other's keys)."
              + " Nothing was changed; try again, or do not write other keys of the cache from listeners and writers");
        }
        long pttl = (Long) answer.get(1);
        long sleep = Math.max(1, Math.min(MAX_WAIT_MILLIS, pttl < 0 ? MAX_WAIT_MILLIS : pttl));
        synchronized (signal) {
          if (signal.generation == seen) {
            signal.wait(sleep);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Cache '" + calls.cacheName + "': interrupted while waiting for key "
          + Keys.abbreviate(key) + ", held by another instance", e);
    } finally {
      signals.computeIfPresent(name, (n, s) -> --s.waiters == 0 ? null : s);
    }
  }

  /**
   * Wakes the threads waiting for a key's lease (its holder gave it back).
   *
   * @param member the encoded key
   */
  void wake(byte[] member) {
    Signal signal = signals.get(ByteBuffer.wrap(member));
    if (signal != null) {
      synchronized (signal) {
        signal.generation++;
        signal.notifyAll();
      }
    }
  }

  /** Extends every lease this instance holds (called every third of the lease). */
  void renew() {
    for (Held h : held.values()) {
      if (h.released) {
        continue;
      }
      String token = h.token;
      calls.script(Script.RENEW_LEASE, ScriptOutputType.INTEGER, new byte[][] {layout.lease(h.bucket, h.member)},
          Layout.utf8(token), Layout.utf8(Long.toString(leaseMillis))).whenComplete((answer, failure) -> {
            if (failure == null && Long.valueOf(0).equals(answer) && !h.released && token.equals(h.token)) {
              LOG.warning("Cache '" + calls.cacheName + "': the lease of key " + Keys.abbreviate(h.key)
                  + " was lost before its step ended; the step's commit will fail");
            }
          });
    }
  }

  private String newToken() {
    return instance + "." + tokens.incrementAndGet();
  }
}
