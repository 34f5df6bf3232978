package dev.larder.it.ctw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.annotation.aspectj.CachedAspect;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented compile-time set-up (docs/annotations.md) weaves a program that uses only one
 * {@code @Cached} method shape and none of the JSR-107 annotations without a single warning: ajc
 * used to print an {@code adviceDidNotMatch} warning for every advice of the aspect library that
 * found nothing to advise, which looks like weaving failed.
 */
class QuietWeavingTest {

  @TempDir
  Path dir;

  @Test
  void weavingOneCachedMethodPrintsNoWarning() throws Exception {
    Path src = dir.resolve("src/app/Users.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
        package app;
        public class Users {
          @dev.larder.annotation.Cached(cache = "users", ttl = "10m")
          public String find(String id) { return "user-" + id; }
        }
        """);
    Path classes = dir.resolve("classes");
    String classpath = System.getProperty("java.class.path");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        "-cp", classpath, src.toString()));

    String aspectLibrary = Path.of(CachedAspect.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    MessageHandler messages = new MessageHandler();
    new Main().run(new String[] {"-17", "-inpath", classes.toString(), "-aspectpath", aspectLibrary,
        "-classpath", classpath, "-d", dir.resolve("woven").toString(), "-showWeaveInfo"}, messages);

    List<IMessage> problems = Arrays.asList(messages.getMessages(IMessage.WARNING, true));
    assertEquals(List.of(), problems.stream().map(IMessage::getMessage).toList(), "ajc's warnings and errors");
    assertTrue(Arrays.stream(messages.getMessages(IMessage.WEAVEINFO, false))
        .anyMatch(m -> m.getMessage().contains("app.Users.find")), "the method was woven");
    assertTrue(new File(dir.resolve("woven/app/Users.class").toString()).isFile());
  }
}
