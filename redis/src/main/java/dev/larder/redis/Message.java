package dev.larder.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message of a cache's channels, as the scripts publish it: {@code LE1} (a change, for
 * listeners: origin, kinds, key, new value, old value) or {@code LN1} (a key's lease or flight
 * ended: origin, key), each field a 4-byte big-endian length and its bytes.
 *
 * @param event whether it is a change ({@code LE1}) rather than a notice ({@code LN1})
 * @param origin the instance that published it
 * @param kinds the events of a change, in order: {@code C} created, {@code U} updated,
 *     {@code R} removed, {@code E} expired; empty for a notice
 * @param member the encoded key
 * @param value the new value (C, U), else empty
 * @param old the value before (U, R, E), else empty
 */
record Message(boolean event, String origin, String kinds, byte[] member, byte[] value, byte[] old) {

  /**
   * Parses a message.
   *
   * @param bytes what the channel delivered
   * @return the message
   * @throws IllegalArgumentException if the bytes are not a message of this format
   */
  static Message parse(byte[] bytes) {
    if (bytes.length < 3 || bytes[0] != 'L' || bytes[2] != '1' || bytes[1] != 'E' && bytes[1] != 'N') {
      throw new IllegalArgumentException("not a Larder message");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 3, bytes.length - 3);
    String origin = new String(field(in), StandardCharsets.UTF_8);
    if (bytes[1] == 'N') {
      return new Message(false, origin, "", field(in), new byte[0], new byte[0]);
    }
    String kinds = new String(field(in), StandardCharsets.US_ASCII);
    return new Message(true, origin, kinds, field(in), field(in), field(in));
  }

  private static byte[] field(ByteBuffer in) {
    if (in.remaining() < 4) {
      throw new IllegalArgumentException("truncated Larder message");
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("malformed Larder message");
    }
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }
}
