package dev.larder.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.Encoding;
import dev.larder.LarderConfiguration;
import dev.larder.Mode;
import dev.larder.spi.LarderCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2: every value a persistent cache accepts reads back equal after a restart, or
 * is refused at {@code put} with an error that names the cache, the key and the type.
 */
class PersistentRoundTripTest {

  @TempDir
  Path dir;

  private LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  /** Records people store: immutable, holding JDK collections and java.time values. */
  public record Order(String id, List<String> items, Map<String, Integer> counts, Set<String> tags,
      LocalDate due, Instant created, Optional<String> note) implements java.io.Serializable {}

  public record Tagged(String name, List<LocalDate> days) implements java.io.Serializable {}

  public enum Color { RED, GREEN }

  private Cache<String, Object> open(Encoding encoding) {
    CacheManager manager = provider.getCacheManager(URI.create("larder:roundtrip-" + encoding), null);
    LarderConfiguration<String, Object> config = new LarderConfiguration<>();
    config.setTypes(String.class, Object.class);
    config.setMode(Mode.PERSISTENT).setDirectory(dir.toString()).setEncoding(encoding);
    // what is under test is the codec: a store-by-value cache would first refuse what Java
    // serialization cannot copy (Optional, and records holding one)
    config.setStoreByValue(false);
    config.allowTypes(Order.class.getName(), Tagged.class.getName(), Color.class.getName(), "[Ljava.lang.Integer;");
    Cache<String, Object> cache = manager.getCache("values");
    return cache != null ? cache : manager.createCache("values", config);
  }

  private void restart() {
    provider.close();
    provider = new LarderCachingProvider();
  }

  /** The values a user may put; each must either read back equal after a restart or be refused at put. */
  private static Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("List.of", List.of("a", "b"));
    values.put("List.of()", List.of());
    values.put("List.of(1)", List.of("one"));
    values.put("Map.of", Map.of("x", 1, "y", 2));
    values.put("Map.of()", Map.of());
    values.put("Set.of", Set.of("p", "q"));
    values.put("List.copyOf", List.copyOf(new ArrayList<>(List.of("c"))));
    values.put("Arrays.asList", Arrays.asList("d", "e"));
    values.put("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of("f"))));
    values.put("unmodifiableMap", Collections.unmodifiableMap(new TreeMap<>(Map.of("g", 7))));
    values.put("unmodifiableSet", Collections.unmodifiableSet(new java.util.TreeSet<>(Set.of("h"))));
    values.put("emptyList", Collections.emptyList());
    values.put("singletonList", Collections.singletonList("i"));
    values.put("singletonMap", Collections.singletonMap("j", 3));
    values.put("record", new Order("o-1", List.of("x", "y"), Map.of("x", 2), Set.of("t"),
        LocalDate.of(2026, 12, 1), Instant.parse("2026-12-01T10:15:30Z"), Optional.of("rush")));
    values.put("record-empty-optional", new Order("o-2", List.of(), Map.of(), Set.of(),
        LocalDate.of(2026, 1, 1), Instant.EPOCH, Optional.empty()));
    values.put("record of LocalDate list", new Tagged("t", List.of(LocalDate.of(2026, 2, 3))));
    values.put("Optional.of", Optional.of("present"));
    values.put("Optional.empty", Optional.empty());
    values.put("Instant", Instant.parse("2026-12-01T10:15:30.123456789Z"));
    values.put("LocalDate", LocalDate.of(2026, 12, 1));
    values.put("LocalDateTime", LocalDateTime.of(2026, 12, 1, 10, 15));
    values.put("ZonedDateTime", ZonedDateTime.of(2026, 12, 1, 10, 15, 0, 0, ZoneId.of("Europe/Paris")));
    values.put("Duration", Duration.ofMinutes(90));
    values.put("enum", Color.GREEN);
    values.put("UUID", UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    values.put("String[]", new String[] {"s", "t"});
    values.put("int[]", new int[] {1, 2, 3});
    values.put("Integer[]", new Integer[] {4, 5});
    values.put("List of LocalDate", List.of(LocalDate.of(2026, 3, 4)));
    values.put("List of records", List.of(new Tagged("n", List.of())));
    values.put("List of mixed", List.of("a", 1, 2.5));
    return values;
  }

  @Test
  void jsonValuesReadBackEqualAfterARestartOrAreRefusedAtPut() {
    checkEveryValue(Encoding.JSON);
  }

  @Test
  void javaSerializationValuesReadBackEqualAfterARestartOrAreRefusedAtPut() {
    checkEveryValue(Encoding.JAVA_SERIALIZATION);
  }

  private void checkEveryValue(Encoding encoding) {
    Cache<String, Object> cache = open(encoding);
    Map<String, Object> accepted = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, Object> e : values().entrySet()) {
      try {
        cache.put(e.getKey(), e.getValue());
        accepted.put(e.getKey(), e.getValue());
      } catch (IllegalArgumentException refusal) {
        String message = refusal.getMessage();
        assertTrue(message.contains("'values'") && message.contains(e.getKey())
            && message.contains(e.getValue().getClass().getName()),
            "a refusal names the cache, the key and the type: " + message);
        refused.add(e.getKey());
      }
    }
    restart();
    Cache<String, Object> reopened = open(encoding);
    for (Map.Entry<String, Object> e : accepted.entrySet()) {
      Object back = reopened.get(e.getKey());
      assertNotNull(back, e.getKey() + " was accepted and must read back");
      assertDeepEquals(e.getValue(), back, e.getKey());
    }
    // the common shapes must be accepted, not refused
    List<String> common = encoding == Encoding.JSON
        ? List.of("List.of", "Map.of", "Set.of", "Arrays.asList", "unmodifiableList", "singletonList", "record",
            "record-empty-optional", "record of LocalDate list", "Optional.of", "Instant", "LocalDate",
            "ZonedDateTime", "Duration", "enum", "UUID", "String[]", "int[]", "Integer[]")
        : List.of("List.of", "Map.of", "Set.of", "Arrays.asList", "unmodifiableList", "unmodifiableMap",
            "singletonList", "record of LocalDate list", "List of LocalDate", "List of records", "Instant",
            "LocalDate", "ZonedDateTime", "enum", "UUID", "String[]", "int[]", "Integer[]");
    for (String shape : common) {
      assertTrue(accepted.containsKey(shape), shape + " should be storable with " + encoding + "; refused: " + refused);
    }
  }

  private static void assertDeepEquals(Object expected, Object actual, String what) {
    if (expected instanceof Object[] a) {
      assertArrayEquals(a, (Object[]) actual, what);
    } else if (expected instanceof int[] a) {
      assertArrayEquals(a, (int[]) actual, what);
    } else {
      assertEquals(expected, actual, what);
    }
  }

  @Test
  void aValueThatWouldReadBackDifferentIsRefusedWithTheCacheKeyAndType() {
    Cache<String, Object> cache = open(Encoding.JSON);
    // JSON cannot tell a LocalDate inside an untyped list from a String: it would come back as text
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache.put("dates", new ArrayList<>(List.of(LocalDate.of(2026, 1, 2)))));
    assertTrue(e.getMessage().contains("'values'"), e.getMessage());
    assertTrue(e.getMessage().contains("dates"), e.getMessage());
    assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
    assertEquals(null, cache.get("dates"), "nothing was stored");
  }
}
