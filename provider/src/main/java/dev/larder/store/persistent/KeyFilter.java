package dev.larder.store.persistent;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Bloom filter over the encoded keys of a store file: it answers "certainly not in the file"
 * from memory, so a put of a new key and a get of an absent one skip the file read. It never
 * forgets a key (a removed key only costs a needless read), and answers wrongly "maybe" for about
 * 1 % of absent keys while it holds no more keys than its capacity; past that the rate grows and
 * {@link #isFull()} says to build a larger one.
 *
 * <p>Thread-safe and lock-free: bits are only ever set.
 */
final class KeyFilter {

  private static final int BITS_PER_KEY = 10;
  private static final int PROBES = 5;

  private final AtomicLongArray words;
  private final long bitMask;
  private final long capacity;
  private final AtomicLong added = new AtomicLong();

  /**
   * Creates an empty filter.
   *
   * @param capacity how many keys it holds at about 1 % false "maybe"s
   */
  KeyFilter(long capacity) {
    this.capacity = Math.max(1, capacity);
    long bits = Long.highestOneBit(Math.max(64, this.capacity * BITS_PER_KEY - 1)) << 1;
    bits = Math.min(bits, 1L << 36); // 8 GiB of bits at most: beyond that, it just fills up
    this.words = new AtomicLongArray((int) (bits >>> 6));
    this.bitMask = bits - 1;
  }

  /**
   * Adds a key.
   *
   * @param key the encoded key
   */
  void add(byte[] key) {
    long h = hash(key);
    long step = (h >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h + i * step) & bitMask;
      int word = (int) (bit >>> 6);
      long mask = 1L << bit;
      long current = words.get(word);
      while ((current & mask) == 0 && !words.weakCompareAndSetVolatile(word, current, current | mask)) {
        current = words.get(word);
      }
    }
    added.incrementAndGet();
  }

  /**
   * Tells whether a key may have been added.
   *
   * @param key the encoded key
   * @return {@code false} only if the key was certainly never added
   */
  boolean mightContain(byte[] key) {
    long h = hash(key);
    long step = (h >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h + i * step) & bitMask;
      if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether more keys were added than the filter was sized for (repeated adds of a key count
   * each time, so this errs towards rebuilding early).
   *
   * @return {@code true} once the filter should be replaced by a larger one
   */
  boolean isFull() {
    return added.get() > capacity;
  }

  /**
   * Returns how many keys the filter was sized for.
   *
   * @return the capacity
   */
  long capacity() {
    return capacity;
  }

  /** FNV-1a over the bytes, then a 64-bit finalizer so that every output bit depends on every input bit. */
  static long hash(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
