package dev.larder.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application: a {@code module-info.java} that requires Larder's modules by the names
 * their jars declare, compiled with {@code javac --module-path} against the packaged jars, then run
 * in a child JVM with {@code java --module-path ... -m}. It creates a volatile and a persistent
 * cache through {@code Caching.getCachingProvider()} (ServiceLoader across modules), binds the
 * Micrometer binder, and prints which module each Larder class came from.
 */
class ModulePathIT {

  /** The module names the jars must declare, by artifact. */
  private static final List<String[]> MODULES = List.of(
      new String[] {"larder-provider", "dev.larder"},
      new String[] {"larder-annotations", "dev.larder.annotation"},
      new String[] {"larder-micrometer", "dev.larder.micrometer"},
      new String[] {"larder-spring-boot", "dev.larder.spring.boot"});

  /** The jars the application needs besides Larder's: the API, the store's engine and codec, Micrometer. */
  private static final List<String> LIBRARIES = List.of("cache-api-", "sqlite-jdbc-", "jackson-databind-",
      "jackson-core-", "jackson-annotations-", "jackson-datatype-jsr310-", "jackson-datatype-jdk8-", "aspectjrt-", "micrometer-core-",
      "micrometer-commons-", "micrometer-observation-", "HdrHistogram-", "jspecify-");

  /**
   * What a modular application adds to its launch for persistent mode: Larder's jars are automatic
   * modules, which declare no requirements, so the store's explicit modules (SQLite's driver,
   * Jackson) are resolved only when asked for (docs/user-guide.md, "On the module path").
   */
  static final String PERSISTENT_MODE_MODULES = "org.xerial.sqlitejdbc,com.fasterxml.jackson.datatype.jsr310,com.fasterxml.jackson.datatype.jdk8";

  @TempDir
  Path dir;

  @Test
  void everyJarNamesItsModuleAndAModularApplicationRunsOnThem() throws Exception {
    List<Path> modulePath = new ArrayList<>();
    for (String[] module : MODULES) {
      Path jar = jar(module[0] + "-");
      try (JarFile file = new JarFile(jar.toFile())) {
        assertEquals(module[1], file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), jar.toString());
      }
      modulePath.add(jar);
    }
    for (String library : LIBRARIES) {
      modulePath.add(jar(library));
    }
    String path = String.join(File.pathSeparator, modulePath.stream().map(Path::toString).toList());

    Path src = dir.resolve("src");
    Path out = dir.resolve("out");
    write(src.resolve("module-info.java"), """
        module demo.app {
          requires cache.api;
          requires dev.larder;
          requires dev.larder.annotation;
          requires dev.larder.micrometer;
          requires dev.larder.spring.boot;
          requires micrometer.core;
        }
        """);
    write(src.resolve("demo/Main.java"), """
        package demo;

        import dev.larder.LarderCache;
        import dev.larder.LarderConfiguration;
        import dev.larder.Mode;
        import dev.larder.micrometer.LarderCacheMeterBinder;
        import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
        import javax.cache.CacheManager;
        import javax.cache.Caching;

        public class Main {
          public static void main(String[] args) throws Exception {
            CacheManager manager = Caching.getCachingProvider().getCacheManager();
            LarderCache<String, String> plain = LarderCache.of(manager.createCache("plain",
                new LarderConfiguration<String, String>().setTypes(String.class, String.class)));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            LarderCacheMeterBinder.monitor(registry, plain);
            plain.put("k", "v");
            plain.get("k");
            LarderCache<String, String> stored = LarderCache.of(manager.createCache("stored",
                new LarderConfiguration<String, String>().setTypes(String.class, String.class)
                    .setMode(Mode.PERSISTENT).setDirectory(args[0])));
            stored.put("k", "persisted");
            System.out.println("hits " + registry.get("cache.gets").tag("result", "hit").functionCounter().count());
            System.out.println("provider " + manager.getCachingProvider().getClass().getModule().getName());
            System.out.println("value " + plain.get("k") + " " + stored.get("k"));
            System.out.println("annotations " + dev.larder.annotation.Cached.class.getModule().getName());
            System.out.println("micrometer " + LarderCacheMeterBinder.class.getModule().getName());
            Module boot = ModuleLayer.boot().findModule("dev.larder.spring.boot").orElseThrow();
            System.out.println("spring-boot " + boot.getName() + " " + boot.getPackages().contains("dev.larder.spring.boot"));
            System.out.println("named " + Main.class.getModule().isNamed());
            manager.close();
          }
        }
        """);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled = javac.run(null, null, null, "--module-path", path, "-d", out.toString(),
        src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
    assertEquals(0, compiled, "javac --module-path against the packaged jars");

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "--add-modules", PERSISTENT_MODE_MODULES, "--module-path", path + File.pathSeparator + out, "-m", "demo.app/demo.Main", dir.resolve("data").toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the modular application finished");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("provider dev.larder\n"), output);
    assertTrue(output.contains("value v persisted\n"), output);
    assertTrue(output.contains("hits 1.0\n"), output);
    assertTrue(output.contains("annotations dev.larder.annotation\n"), output);
    assertTrue(output.contains("micrometer dev.larder.micrometer\n"), output);
    assertTrue(output.contains("spring-boot dev.larder.spring.boot true\n"), output);
    assertTrue(output.contains("named true\n"), output);
    assertTrue(Files.exists(dir.resolve("data").resolve("default").resolve("stored.db")), "the persistent store was written");
  }

  /** The jar on this test's class path whose file name starts with the given prefix and a version digit. */
  private static Path jar(String prefix) {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (name.startsWith(prefix) && name.endsWith(".jar") && Character.isDigit(name.charAt(prefix.length()))) {
        return p;
      }
    }
    throw new AssertionError("no " + prefix + "*.jar on the class path (is the module built with package?): "
        + System.getProperty("java.class.path"));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
