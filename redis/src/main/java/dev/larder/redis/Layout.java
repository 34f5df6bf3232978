package dev.larder.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The Redis keys of one shared cache. Every key starts with the cache's identity — namespace,
 * cache manager and cache name, each escaped so that no two identities share a prefix and none
 * contains a hash tag — followed by the hash tag of one of {@value #BUCKETS} buckets:
 *
 * <pre>
 * ns:manager:cache:{id.b}:e:&lt;key&gt;   the entry (a hash: v value, x deadline, t written, f/fo/fl flight)
 * ns:manager:cache:{id.b}:l:&lt;key&gt;   the lease of a step on the key (a hash: h holder, w waiters)
 * ns:manager:cache:{id.b}:o:&lt;op&gt;    the marker of a commit already applied (replays find it)
 * ns:manager:cache:{id.b}:k           the bucket's keys (a sorted set, score 0, iterated by member)
 * ns:manager:cache:{id.b}:d           the bucket's deadlines (a sorted set scored by server time)
 * </pre>
 *
 * <p>A key's bucket is a CRC-32 of its encoded bytes. A step's keys share the bucket's hash tag, so
 * one script may touch them all on a Redis Cluster, while the buckets of one cache spread over
 * {@value #BUCKETS} slots (no single hot slot per cache). {@code id} is a hash of the identity, so
 * the buckets of different caches land on different slots. Channels: {@code ns:manager:cache:events}
 * (changes, for listeners) and {@code ns:manager:cache:notify} (a key's lease or flight ended).
 */
final class Layout {

  /** How many buckets (hash slots) the entries of one cache spread over. */
  static final int BUCKETS = 32;

  private final String identity;
  private final byte[] identityBytes;
  private final byte[][] tags = new byte[BUCKETS][];
  private final byte[] events;
  private final byte[] notify;

  /**
   * Creates the layout of a cache.
   *
   * @param namespace the namespace
   * @param manager the cache manager's name part
   * @param cache the cache's name
   */
  Layout(String namespace, String manager, String cache) {
    this.identity = escape(namespace) + ":" + escape(manager) + ":" + escape(cache) + ":";
    this.identityBytes = identity.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(identityBytes);
    String id = String.format("%08x", crc.getValue());
    for (int b = 0; b < BUCKETS; b++) {
      tags[b] = utf8(identity + "{" + id + "." + b + "}:");
    }
    this.events = utf8(identity + "events");
    this.notify = utf8(identity + "notify");
  }

  /** Escapes the characters that separate parts ({@code :}) or form hash tags, and the escape itself. */
  static String escape(String part) {
    StringBuilder out = new StringBuilder(part.length() + 8);
    for (char c : part.toCharArray()) {
      if (c == '%' || c == ':' || c == '{' || c == '}' || c < 0x20) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Returns a key's bucket.
   *
   * @param member the encoded key
   * @return 0 to {@value #BUCKETS} - 1
   */
  static int bucket(byte[] member) {
    CRC32 crc = new CRC32();
    crc.update(member);
    return (int) (crc.getValue() % BUCKETS);
  }

  /** The identity prefix ({@code ns:manager:cache:}), for messages. */
  String identity() {
    return identity;
  }

  byte[] entry(int bucket, byte[] member) {
    return join(tags[bucket], 'e', member);
  }

  byte[] lease(int bucket, byte[] member) {
    return join(tags[bucket], 'l', member);
  }

  byte[] done(int bucket, String op) {
    return join(tags[bucket], 'o', utf8(op));
  }

  byte[] entryPrefix(int bucket) {
    return join(tags[bucket], 'e', new byte[0]);
  }

  /**
   * The prefixes of every entry key of the cache (one per bucket), as tracked for the near cache.
   *
   * @return {@value #BUCKETS} prefixes, none a prefix of another
   */
  String[] trackedPrefixes() {
    String[] out = new String[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      out[b] = new String(entryPrefix(b), StandardCharsets.UTF_8);
    }
    return out;
  }

  /**
   * Returns the encoded key of an entry key of this cache.
   *
   * @param redisKey a Redis key
   * @return the member, or {@code null} if it is not an entry key of this cache
   */
  byte[] memberOfEntry(byte[] redisKey) {
    byte[] tag0 = tags[0];
    int fixed = identityBytes.length;
    if (redisKey.length <= fixed || !java.util.Arrays.equals(redisKey, 0, fixed, identityBytes, 0, fixed)) {
      return null;
    }
    for (int i = fixed; i + 3 < redisKey.length && i < tag0.length + 2; i++) {
      if (redisKey[i] == '}' && redisKey[i + 1] == ':' && redisKey[i + 2] == 'e' && redisKey[i + 3] == ':') {
        return java.util.Arrays.copyOfRange(redisKey, i + 4, redisKey.length);
      }
    }
    return null;
  }

  byte[] leasePrefix(int bucket) {
    return join(tags[bucket], 'l', new byte[0]);
  }

  byte[] keyIndex(int bucket) {
    return concat(tags[bucket], utf8("k"));
  }

  byte[] deadlineIndex(int bucket) {
    return concat(tags[bucket], utf8("d"));
  }

  byte[] eventsChannel() {
    return events.clone();
  }

  byte[] notifyChannel() {
    return notify.clone();
  }

  private static byte[] join(byte[] tag, char kind, byte[] rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(tag.length + 2 + rest.length);
    out.writeBytes(tag);
    out.write(kind);
    out.write(':');
    out.writeBytes(rest);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
