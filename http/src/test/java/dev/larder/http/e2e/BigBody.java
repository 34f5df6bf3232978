package dev.larder.http.e2e;

import java.nio.charset.StandardCharsets;

/** Deterministic large bodies, so a test can check every byte the client received. */
public final class BigBody {

  private BigBody() {}

  /** @return {@code size} bytes: byte {@code i} is {@code i * 31 + 7} */
  public static byte[] bytes(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  /** @return a text of {@code chars} characters mixing ASCII, two-byte and three-byte UTF-8 and a surrogate pair */
  public static String text(int chars) {
    String unit = "larder-ä€😀 ";
    StringBuilder sb = new StringBuilder(chars + unit.length());
    while (sb.length() < chars) {
      sb.append(unit);
    }
    sb.setLength(chars);
    if (Character.isHighSurrogate(sb.charAt(chars - 1))) {
      sb.setCharAt(chars - 1, 'x');
    }
    return sb.toString();
  }

  /** @return what {@code /big?size=N&writer=true} sends, as UTF-8 bytes */
  public static byte[] writerBytes(int size) {
    String chunk = text(1024);
    StringBuilder sb = new StringBuilder(size);
    for (int written = 0; written < size; written += chunk.length()) {
      sb.append(chunk, 0, Math.min(chunk.length(), size - written));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
