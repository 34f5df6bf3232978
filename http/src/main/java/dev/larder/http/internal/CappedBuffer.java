package dev.larder.http.internal;

import java.util.Arrays;

/**
 * The cache's copy of a response body, never larger than a cap: once more than the cap has been
 * written the copy is dropped (its memory freed) and the buffer only remembers that it overflowed.
 * The client's copy is not affected: it is written elsewhere first.
 *
 * <p>Not thread-safe: one response writes it (servlet output is single-threaded). Internal.
 */
public final class CappedBuffer {

  private final int cap;
  private byte[] bytes;
  private int count;
  private boolean overflowed;
  private boolean broken;

  /**
   * Creates an empty buffer.
   *
   * @param cap the most bytes it keeps
   */
  public CappedBuffer(int cap) {
    this.cap = cap;
    this.bytes = new byte[Math.min(cap, 512)];
  }

  /**
   * Appends one byte.
   *
   * @param b the byte (low 8 bits)
   */
  public void write(int b) {
    if (overflowed) {
      return;
    }
    if (count + 1 > cap) {
      overflow();
      return;
    }
    ensure(count + 1);
    bytes[count++] = (byte) b;
  }

  /**
   * Appends bytes.
   *
   * @param b the array
   * @param off the first byte
   * @param len how many
   */
  public void write(byte[] b, int off, int len) {
    if (overflowed) {
      return;
    }
    if (len > cap - count) {
      overflow();
      return;
    }
    ensure(count + len);
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  /**
   * Makes room for a body of known length (its {@code Content-Length}), so the copy is made once.
   *
   * @param length the declared length; ignored if larger than the cap or if bytes were written
   */
  public void expect(long length) {
    if (count == 0 && !overflowed && length > bytes.length && length <= cap) {
      bytes = new byte[(int) length];
    }
  }

  private void ensure(int size) {
    if (size > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(size, 2L * bytes.length)));
    }
  }

  private void overflow() {
    overflowed = true;
    bytes = null;
    count = 0;
  }

  /** Forgets what was written (the response was reset); an overflow is forgotten too. */
  public void reset() {
    if (!broken) {
      overflowed = false;
      bytes = new byte[Math.min(cap, 512)];
      count = 0;
    }
  }

  /** Marks the copy as unusable: a write to the client failed, so the copy may not match what the endpoint meant to send. */
  public void markBroken() {
    broken = true;
  }

  /** @return {@code true} if more than the cap was written */
  public boolean overflowed() {
    return overflowed;
  }

  /** @return {@code true} if the copy was marked broken */
  public boolean broken() {
    return broken;
  }

  /** @return how many bytes the copy holds */
  public int size() {
    return count;
  }

  /**
   * Returns the bytes written, once, when the response is done: the buffer's own array when it is
   * exactly full (no copy), a trimmed copy otherwise.
   *
   * @return exactly the bytes written, or {@code null} after an overflow
   */
  public byte[] toByteArray() {
    if (overflowed) {
      return null;
    }
    return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
  }
}
