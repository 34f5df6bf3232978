package dev.larder.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;

/** A real HTTP client for the application under test, on 127.0.0.1 at the port it chose. */
final class Http {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  /** A response: status and parsed JSON body (or a missing node). */
  record Response(int status, JsonNode json, String body) {}

  Http(ConfigurableApplicationContext context) {
    this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode json = body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
      return new Response(response.statusCode(), json, body);
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The value of {@code /actuator/metrics/<name>?tag=...}: the first measurement (COUNT or VALUE). */
  double metric(String name, String... tags) {
    StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
    for (int i = 0; i < tags.length; i++) {
      path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
    }
    Response r = get(path.toString());
    if (r.status() != 200) {
      throw new AssertionError(path + " answered " + r.status() + ": " + r.body());
    }
    return r.json().path("measurements").path(0).path("value").asDouble();
  }
}
