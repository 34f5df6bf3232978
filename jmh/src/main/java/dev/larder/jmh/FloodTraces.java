package dev.larder.jmh;

import java.util.List;

/**
 * Hash-flooding key patterns: each one a pair of traces that differ only in the keys' hash codes,
 * so that the difference of their hit ratios is what the hashes alone cost a policy.
 *
 * <p>Larder's sampled TinyLFU (see {@code EntryTable}) has two structures indexed by a key's
 * {@code hashCode()}: the {@link java.util.concurrent.ConcurrentHashMap} whose iteration order (by
 * hash bin) is the eviction cursor's sampling order, and the count-min sketch whose four counters
 * per key are chosen from the 32-bit hash code only. The patterns attack each:
 * <ul>
 *   <li><b>bins</b> — the Zipf trace with each {@code Integer} key {@code k} replaced by {@code (a
 *       << 16) | (a ^ b)}, {@code a = k >>> 1}, {@code b = k & 1}: the keys stay distinct, but
 *       {@code ConcurrentHashMap}'s spreading ({@code h ^ h >>> 16}) leaves only {@code b} in the
 *       low 16 bits, so every key of any table of up to 2^16 bins lands in bin 0 or 1 (and {@code
 *       HashMap}, behind the LRU, does the same). The sketch sees distinct hash codes. Normal: the
 *       same trace with the plain keys {@code k}.
 *   <li><b>one hash</b> — the Zipf trace with {@code String} keys that all share one hash code
 *       (17 blocks of {@code "Aa"} or {@code "BB"}, chosen by the bits of {@code k}; the two blocks
 *       hash alike, so every concatenation of 17 does): every key shares every sketch counter and
 *       one hash bin, as with a key type whose {@code hashCode()} is constant or attacker-chosen.
 *       Normal: the same trace with 34-character decimal {@code String}s.
 *   <li><b>attack</b> — legitimate Zipf reads ({@code String} keys with ordinary hashes), each
 *       followed by {@link #ATTACK_PER_READ} request(s) of a never-repeated attacker key; only the
 *       legitimate requests are counted. Flooded: all attacker keys share one hash code (21 blocks
 *       of {@code "Aa"}/{@code "BB"}), so in the sketch they are one very frequent key. Normal:
 *       the same attacker requests with ordinary 42-character decimal keys. This is the classic
 *       HashDoS request pattern, aimed at frequency-based admission and eviction.
 * </ul>
 */
public final class FloodTraces {

  /** Attacker requests after each legitimate read in the <b>attack</b> pattern. */
  public static final int ATTACK_PER_READ = 1;

  private FloodTraces() {}

  /**
   * A pattern: the same requests with ordinary keys and with flooding keys.
   *
   * @param name the pattern's name
   * @param normal the trace with ordinary hash codes
   * @param flooded the trace with colliding hash codes
   */
  public record Pattern(String name, Trace normal, Trace flooded) {}

  /**
   * Returns every pattern, built from {@link Trace#zipf()}.
   *
   * @return the patterns
   */
  public static List<Pattern> all() {
    int[] zipf = Trace.zipf();
    int[] bins = new int[zipf.length];
    for (int i = 0; i < zipf.length; i++) {
      bins[i] = binKey(zipf[i]);
    }
    int keys = 1 << 17;
    String[] decimal = new String[keys];
    String[] colliding = new String[keys];
    for (int k = 0; k < keys; k++) {
      decimal[k] = decimal(k, 34);
      colliding[k] = colliding(k, 17);
    }
    return List.of(
        new Pattern("bins", Trace.ofInts("zipf, Integer keys", zipf),
            Trace.ofInts("zipf, keys in 2 hash bins", bins)),
        new Pattern("one hash", strings("zipf, String keys", zipf, decimal),
            strings("zipf, String keys of one hash code", zipf, colliding)),
        new Pattern("attack", attack("zipf + one-off attacker keys", zipf, decimal, false),
            attack("zipf + one-off attacker keys of one hash code", zipf, decimal, true)));
  }

  /** The key that puts {@code k} into hash bin {@code k & 1} of every table of up to 2^16 bins. */
  static int binKey(int k) {
    int a = k >>> 1;
    int b = k & 1;
    return (a << 16) | (a ^ b);
  }

  /** {@code v} in decimal, zero-padded to {@code width} characters: an ordinary hash code. */
  static String decimal(long v, int width) {
    String digits = Long.toString(v);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  /**
   * A string of {@code blocks} blocks, {@code "Aa"} or {@code "BB"} by the bits of {@code v}: every
   * such string of the same length has the same {@code hashCode()}.
   */
  static String colliding(long v, int blocks) {
    char[] chars = new char[2 * blocks];
    for (int j = 0; j < blocks; j++) {
      boolean one = ((v >>> j) & 1) != 0;
      chars[2 * j] = one ? 'B' : 'A';
      chars[2 * j + 1] = one ? 'B' : 'a';
    }
    return new String(chars);
  }

  private static Trace strings(String name, int[] indexes, String[] keys) {
    return Trace.of(name, indexes.length, i -> keys[indexes[i]]);
  }

  private static Trace attack(String name, int[] indexes, String[] keys, boolean collide) {
    int stride = 1 + ATTACK_PER_READ;
    return new Trace() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int length() {
        return indexes.length * stride;
      }

      @Override
      public Object key(int i) {
        if (i % stride == 0) {
          return keys[indexes[i / stride]];
        }
        int attacker = i - i / stride - 1; // 0, 1, 2, ... over the attacker requests
        return collide ? colliding(attacker, 21) : decimal(attacker, 42);
      }

      @Override
      public boolean counted(int i) {
        return i % stride == 0;
      }
    };
  }
}
