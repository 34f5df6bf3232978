package dev.larder.redis;

import dev.larder.engine.Deadlines;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry's fields as Redis holds them: the encoded value, the deadline and the flight (token,
 * lease deadline, owner), all in server time. Read with {@code HMGET v x f fl fo} or returned by a
 * script in that order.
 *
 * @param value the encoded value, or {@code null} (no entry, or only a flight)
 * @param deadline the server deadline, or {@link Deadlines#NEVER}
 * @param flight the token of a computation in flight, or {@code null}
 * @param flightLease the server time the flight's lease runs out
 * @param flightOwner the instance that runs the flight, or {@code null}
 */
record Raw(byte[] value, long deadline, String flight, long flightLease, String flightOwner) {

  /** The fields read, in order. */
  static final byte[][] FIELDS = {Layout.utf8("v"), Layout.utf8("x"), Layout.utf8("f"), Layout.utf8("fl"),
      Layout.utf8("fo")};

  /** Nothing stored. */
  static final Raw NONE = new Raw(null, Deadlines.NEVER, null, 0, null);

  /**
   * Reads the fields from a list of answers (bulk strings as {@code byte[]}, missing ones null).
   *
   * @param answers the answers
   * @param from the index of the value field
   * @return the fields
   */
  static Raw of(List<?> answers, int from) {
    byte[] v = (byte[]) answers.get(from);
    byte[] x = (byte[]) answers.get(from + 1);
    byte[] f = (byte[]) answers.get(from + 2);
    byte[] fl = (byte[]) answers.get(from + 3);
    byte[] fo = (byte[]) answers.get(from + 4);
    if (v == null && f == null) {
      return NONE;
    }
    return new Raw(v, x == null ? Deadlines.NEVER : number(x), f == null ? null : text(f), fl == null ? 0 : number(fl),
        fo == null ? null : text(fo));
  }

  /**
   * Reads the fields from an {@code HMGET} answer.
   *
   * @param fields the key-value pairs, in {@link #FIELDS} order
   * @return the fields
   */
  static Raw of(List<KeyValue<byte[], byte[]>> fields) {
    List<byte[]> values = new ArrayList<>(fields.size());
    for (KeyValue<byte[], byte[]> kv : fields) {
      values.add(kv.getValueOrElse(null));
    }
    return of(values, 0);
  }

  /**
   * Tells whether a computation is in flight whose lease has not run out.
   *
   * @param serverNow the server's time now
   * @return {@code true} for a live flight
   */
  boolean flying(long serverNow) {
    return flight != null && flightLease > serverNow;
  }

  static long number(byte[] b) {
    return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
