package dev.larder.it.ltw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs with -javaagent:aspectjweaver.jar (surefire execution "load-time-weaving"): the class file of
 * {@link LtwUsers} on disk carries no weaving, yet the loaded class is woven and memoizes.
 */
class LoadTimeWeavingTest {

  @Test
  void theClassFileOnDiskIsPlainJavacOutput() throws IOException {
    try (InputStream in = LtwUsers.class.getResourceAsStream("LtwUsers.class")) {
      String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertFalse(bytes.contains("ajc$"), "LtwUsers.class must not be woven at build time");
    }
  }

  @Test
  void theLoadedClassIsWovenByTheAgent() {
    Field[] fields = LtwUsers.class.getDeclaredFields();
    assertTrue(Arrays.stream(fields).anyMatch(f -> f.getName().startsWith("ajc$")),
        "LtwUsers should have been woven at load time: " + Arrays.toString(fields));
  }

  @Test
  void cachedMethodsAreMemoizedIncludingSelfCalls() {
    LtwUsers users = new LtwUsers();
    assertEquals("user-1", users.find(1));
    assertEquals("user-1", users.find(1));
    assertEquals("user-1", users.findViaThis(1));
    assertEquals(1, users.calls.get());
    assertEquals("user-2", users.findViaThis(2));
    assertEquals(2, users.calls.get());
  }

  @Test
  void jsr107AnnotationsAreWovenToo() {
    LtwUsers users = new LtwUsers();
    assertEquals("label-7", users.label(7));
    assertEquals("label-7", users.label(7));
    assertEquals(1, users.calls.get());
  }
}
