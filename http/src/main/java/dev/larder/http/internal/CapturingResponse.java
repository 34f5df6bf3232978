package dev.larder.http.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The response an endpoint writes to on a miss: output goes to the client as it is written (this
 * wrapper never delays or buffers it), and a copy capped at the entry limit goes to the cache,
 * together with a log of the headers the endpoint set. Whether the copy is stored is decided when
 * the endpoint is done ({@link ResponseRules}).
 *
 * <p>Internal to {@code larder-http}.
 */
public final class CapturingResponse extends HttpServletResponseWrapper {

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final CappedBuffer body;
  private final HeaderLog headers = new HeaderLog();
  private final Runnable onReset;
  private ServletOutputStream stream;
  private PrintWriter writer;
  private TeeWriter tee;
  private long declaredLength = -1;
  private boolean cookieSet;

  /**
   * Wraps a response.
   *
   * @param response the container's response
   * @param cap the most body bytes the copy keeps
   * @param onReset run after {@link #reset()}, to put the cache's markers back
   */
  public CapturingResponse(HttpServletResponse response, int cap, Runnable onReset) {
    super(response);
    this.body = new CappedBuffer(cap);
    this.onReset = onReset;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("getWriter() has already been called for this response");
    }
    if (stream == null) {
      stream = new TeeOutputStream(super.getOutputStream(), body);
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (stream != null) {
      throw new IllegalStateException("getOutputStream() has already been called for this response");
    }
    if (writer == null) {
      PrintWriter container = super.getWriter();
      TeeWriter t = new TeeWriter(container, body, charset(getCharacterEncoding()));
      tee = t;
      writer = new PrintWriter(t) {
        @Override
        public boolean checkError() {
          return super.checkError() || t.client().checkError();
        }
      };
    }
    return writer;
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    body.reset();
    headers.clear();
    declaredLength = -1;
    cookieSet = false;
    onReset.run();
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    body.reset();
  }

  @Override
  public void setHeader(String name, String value) {
    super.setHeader(name, value);
    if (!length(name, value) && !isCommitted()) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.set(name, value);
      }
    }
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, value);
    if (!length(name, value) && !isCommitted()) {
      headers.add(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    super.setIntHeader(name, value);
    if (!length(name, Integer.toString(value)) && !isCommitted()) {
      headers.set(name, Integer.toString(value));
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    super.addIntHeader(name, value);
    if (!length(name, Integer.toString(value)) && !isCommitted()) {
      headers.add(name, Integer.toString(value));
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    super.setDateHeader(name, date);
    if (!isCommitted()) {
      headers.set(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    super.addDateHeader(name, date);
    if (!isCommitted()) {
      headers.add(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }
  }

  @Override
  public void addCookie(Cookie cookie) {
    super.addCookie(cookie);
    cookieSet = true;
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    declaredLength = len;
    body.expect(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    declaredLength = len;
    body.expect(len);
  }

  @Override
  public void setLocale(Locale loc) {
    super.setLocale(loc);
    if (loc != null && !isCommitted()) {
      headers.set("Content-Language", loc.toLanguageTag());
    }
  }

  /** Records a Content-Length set as a header; returns true if the header was Content-Length. */
  private boolean length(String name, String value) {
    if (!"Content-Length".equalsIgnoreCase(name)) {
      return false;
    }
    try {
      declaredLength = value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      declaredLength = -2; // never equals a real length: not stored
    }
    return true;
  }

  /** @return the capped copy of the body, complete once the endpoint is done */
  CappedBuffer body() {
    if (tee != null) {
      tee.endOfInput();
    }
    return body;
  }

  /** @return the headers the endpoint set */
  HeaderLog headers() {
    return headers;
  }

  /** @return the Content-Length the endpoint declared, -1 if none */
  long declaredLength() {
    return declaredLength;
  }

  /** @return {@code true} if the endpoint set a cookie */
  boolean cookieSet() {
    return cookieSet || headers.has("Set-Cookie") || headers.has("Set-Cookie2");
  }
}
