package dev.larder.http.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The output stream an endpoint writes to: every byte goes to the client's stream first, then to
 * the cache's capped copy. A write to the client that fails marks the copy broken and rethrows.
 *
 * <p>Internal to {@code larder-http}.
 */
final class TeeOutputStream extends ServletOutputStream {

  private final ServletOutputStream client;
  private final CappedBuffer copy;

  TeeOutputStream(ServletOutputStream client, CappedBuffer copy) {
    this.client = client;
    this.copy = copy;
  }

  @Override
  public void write(int b) throws IOException {
    try {
      client.write(b);
    } catch (IOException | RuntimeException e) {
      copy.markBroken();
      throw e;
    }
    copy.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      client.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      copy.markBroken();
      throw e;
    }
    copy.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    client.flush();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  @Override
  public boolean isReady() {
    return client.isReady();
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    client.setWriteListener(listener);
  }
}
