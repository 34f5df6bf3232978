package dev.larder.http.internal;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The writer an endpoint writes to: characters go to the container's own writer unchanged (so the
 * client gets exactly what the container would send), and the cache's copy receives them encoded
 * with the response's character encoding. A high surrogate at the end of one write waits for its
 * pair. Encoding stops once the copy has overflowed.
 *
 * <p>Internal to {@code larder-http}.
 */
final class TeeWriter extends Writer {

  private final PrintWriter client;
  private final CappedBuffer copy;
  private final Charset charset;
  private char pendingHigh;

  TeeWriter(PrintWriter client, CappedBuffer copy, Charset charset) {
    this.client = client;
    this.copy = copy;
    this.charset = charset;
  }

  /** @return the container's writer, for {@code checkError} */
  PrintWriter client() {
    return client;
  }

  @Override
  public void write(char[] cbuf, int off, int len) {
    client.write(cbuf, off, len);
    copy(new String(cbuf, off, len));
  }

  @Override
  public void write(String str, int off, int len) {
    client.write(str, off, len);
    copy(str.substring(off, off + len));
  }

  @Override
  public void write(int c) {
    client.write(c);
    copy(String.valueOf((char) c));
  }

  private void copy(String s) {
    if (copy.overflowed() || s.isEmpty()) {
      return;
    }
    if (pendingHigh != 0) {
      s = pendingHigh + s;
      pendingHigh = 0;
    }
    char last = s.charAt(s.length() - 1);
    if (Character.isHighSurrogate(last)) {
      pendingHigh = last;
      s = s.substring(0, s.length() - 1);
    }
    byte[] b = s.getBytes(charset);
    copy.write(b, 0, b.length);
  }

  @Override
  public void flush() {
    client.flush();
  }

  /** Encodes a high surrogate still waiting for its pair, as the container's encoder does at the end. */
  void endOfInput() {
    if (pendingHigh != 0) {
      byte[] b = String.valueOf(pendingHigh).getBytes(charset);
      copy.write(b, 0, b.length);
      pendingHigh = 0;
    }
  }

  @Override
  public void close() {
    endOfInput();
    client.close();
  }
}
