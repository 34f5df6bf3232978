package dev.larder.http.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A {@link HttpClient} (HTTP/1.1) aimed at one test server. */
public final class Http {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  /** @param port the server's port */
  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** @return the client */
  public HttpClient client() {
    return client;
  }

  /** @return a request builder for a path (with query), 30 s timeout */
  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  /** Sends a request and returns the response with its body as bytes. */
  public HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET with headers given as name, value, name, value... */
  public HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = request(pathAndQuery).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /**
   * Sends a request over a plain socket, for requests {@link java.net.URI} refuses (broken escapes).
   *
   * @param target the request target exactly as sent, e.g. {@code /items?broken=%zz}
   * @return the whole response (status line, headers, body) as ISO-8859-1 text
   */
  public String raw(String target) {
    String host = base.substring("http://".length());
    int colon = host.lastIndexOf(':');
    try (java.net.Socket socket = new java.net.Socket(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)))) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("GET " + target + " failed", e);
    }
  }

  /** @return the body as UTF-8 text */
  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** @return the X-Cache header, or {@code null} */
  public static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse(null);
  }

  /** @return the Cache-Status header, or {@code null} */
  public static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse(null);
  }
}
