package dev.larder.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The codecs of persistent mode: faithful round trips, stable key bytes, and the allowlist. */
class CodecTest {

  /** A value type of the kind users cache. */
  public record Order(String id, BigDecimal total, Instant placed, List<String> items) implements Serializable {}

  /** A bean with a default constructor. */
  public static class Customer implements Serializable {
    private String name;
    private int visits;

    public Customer() {}

    Customer(String name, int visits) {
      this.name = name;
      this.visits = visits;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Customer c && c.name.equals(name) && c.visits == visits;
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + visits;
    }
  }

  private static TypeAllowlist allow(Class<?> valueType, String... more) {
    return new TypeAllowlist(Object.class, valueType, List.of(more), CodecTest.class.getClassLoader());
  }

  @Test
  void jsonRoundTripsJdkValuesRecordsAndBeans() {
    JsonCodec codec = new JsonCodec(allow(Order.class, Customer.class.getName()));
    Order order = new Order("o-1", new BigDecimal("12.50"), Instant.parse("2026-11-22T10:15:30Z"), List.of("a", "b"));
    List<Object> values = List.of("text", 42, 42L, 3.5d, true, new BigDecimal("1.10"), UUID.randomUUID(),
        Instant.parse("2026-01-01T00:00:00Z"), LocalDate.of(2026, 11, 22), order, new Customer("ann", 3),
        new ArrayList<>(List.of("x", "y")));
    for (Object value : values) {
      Object back = codec.decode(codec.encode(value));
      assertEquals(value, back, "round trip of " + value.getClass().getName());
      assertEquals(value.getClass(), back.getClass(), "the type survives: " + value.getClass().getName());
    }
  }

  @Test
  void jsonIsReadableAndEqualKeysEncodeEqually() {
    JsonCodec codec = new JsonCodec(allow(Object.class));
    String stored = new String(codec.encode(42L), StandardCharsets.UTF_8);
    assertEquals("java.lang.Long\n42", stored);
    Map<String, Integer> a = new HashMap<>();
    Map<String, Integer> b = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      a.put("k" + i, i);
    }
    for (int i = 49; i >= 0; i--) {
      b.put("k" + i, i);
    }
    assertArrayEquals(codec.encode(new HashMap<>(a)), codec.encode(new HashMap<>(b)),
        "map entries are written sorted, whatever the insertion order");
  }

  @Test
  void jsonRefusesTypesThatAreNotAllowedBeforeLoadingThem() {
    JsonCodec codec = new JsonCodec(allow(String.class));
    byte[] tampered = "java.lang.ProcessBuilder\n{}".getBytes(StandardCharsets.UTF_8);
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(tampered));
    assertTrue(e.getMessage().contains("java.lang.ProcessBuilder") && e.getMessage().contains("allowTypes"), e.getMessage());
    assertThrows(CodecException.class, () -> codec.decode("no newline here".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void subtypesOfTheConfiguredValueTypeAreAllowed() {
    JsonCodec codec = new JsonCodec(allow(Number.class));
    assertEquals(new BigDecimal("2.5"), codec.decode(codec.encode(new BigDecimal("2.5"))));
    assertEquals(7, codec.decode("java.lang.Integer\n7".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void javaSerializationRoundTripsAndFiltersWhatItInstantiates() {
    ClassLoader loader = getClass().getClassLoader();
    JavaSerializationCodec allowed = new JavaSerializationCodec(allow(Order.class), loader);
    Order order = new Order("o-2", BigDecimal.ONE, Instant.EPOCH, new ArrayList<>(List.of("z")));
    assertEquals(order, allowed.decode(allowed.encode(order)));

    JavaSerializationCodec strict = new JavaSerializationCodec(allow(String.class), loader);
    CodecException e = assertThrows(CodecException.class, () -> strict.decode(allowed.encode(order)));
    assertTrue(e.getMessage().contains(Order.class.getName()) || e.getMessage().contains("not allowed"), e.getMessage());
    CodecException unserializable = assertThrows(CodecException.class, () -> strict.encode(new Object()));
    assertTrue(unserializable.getMessage().contains("Serializable"), unserializable.getMessage());
  }
}
