package dev.larder.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for cache keys: every character but the RFC 3986 unreserved ones (and {@code /}
 * in paths) becomes {@code %XX} of its UTF-8 bytes, so keys hold no separator, glob or control
 * character and one text has exactly one encoding.
 *
 * <p>Internal to {@code larder-http}: not an API.
 */
public final class Percent {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Percent() {}

  /**
   * Encodes a decoded path, keeping {@code /}.
   *
   * @param path the path
   * @return the canonical encoding
   */
  public static String path(String path) {
    return encode(path, true);
  }

  /**
   * Encodes a decoded query name or value, header value or principal name.
   *
   * @param text the text
   * @return the canonical encoding
   */
  public static String component(String text) {
    return encode(text, false);
  }

  private static String encode(String s, boolean keepSlash) {
    int i = 0;
    while (i < s.length() && safe(s.charAt(i), keepSlash)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
    for (byte b : rest) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && safe(c, keepSlash)) {
        sb.append(c);
      } else {
        sb.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return sb.toString();
  }

  private static boolean safe(char c, boolean keepSlash) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
  }

  /**
   * Decodes a query-string name or value ({@code +} is a space).
   *
   * @param s the raw text
   * @return the decoded text
   * @throws IllegalArgumentException if a {@code %} escape is broken
   */
  public static String decodeQuery(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /**
   * Decodes a path ({@code +} stays a plus).
   *
   * @param s the raw path
   * @return the decoded path
   * @throws IllegalArgumentException if a {@code %} escape is broken
   */
  public static String decodePath(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("broken % escape at position " + i + " of " + s);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("broken % escape at position " + i + " of " + s);
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
