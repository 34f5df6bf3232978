package dev.larder.it.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the repackaged fat jar with {@code java -jar}, as production would, and checks that Larder
 * read the configuration file that {@code application.properties} names, from inside the jar (issue
 * 11, item 4: a {@code jar:}/{@code nested:} configuration URI used to be ignored silently).
 */
class PackagedApplicationIT {

  @Test
  void theConfigurationFileInsideTheFatJarIsApplied() throws Exception {
    Path jar = Path.of(System.getProperty("packaged.jar"));
    assertTrue(Files.isRegularFile(jar), "the repackaged jar exists: " + jar);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process app = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true).start();
    Map<String, String> report = new HashMap<>();
    StringBuilder all = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        all.append(line).append('\n');
        int eq = line.indexOf('=');
        if (eq > 0 && !line.contains(" ")) {
          report.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the application exits");
    assertEquals(0, app.exitValue(), all.toString());
    assertTrue(report.getOrDefault("manager-uri", "").contains("larder-prod.properties"),
        "Boot hands Larder the file's URI inside the jar: " + report);
    assertEquals("1234", report.get("orders.maximum-size"), "the file's settings apply:\n" + all);
    assertEquals("PT10M", report.get("orders.ttl"), all.toString());
    assertEquals("true", report.get("audit-exists"), "caches the file names exist:\n" + all);
    assertEquals("1", report.get("computations"), "the cache works: one computation for two calls");
  }
}
