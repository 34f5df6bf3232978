package dev.larder.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What "reads back equal" means at {@code put}: the check a persistent store runs before it writes. */
class RoundTripTest {

  private static TypeAllowlist allowAll() {
    return new TypeAllowlist(Object.class, Object.class, List.of("dev.larder."), RoundTripTest.class.getClassLoader());
  }

  private static final Codec JSON = new JsonCodec(allowAll());
  private static final Codec JAVA = new JavaSerializationCodec(allowAll(), RoundTripTest.class.getClassLoader());

  /** A record holding an array: its own equals compares the array by identity. */
  public record Blob(String name, byte[] bytes) implements Serializable {}

  /** A value class with neither a default constructor nor equals. */
  public static final class Point implements Serializable {
    private final int x;
    private final int y;

    public Point(int x, int y) {
      this.x = x;
      this.y = y;
    }
  }

  /** A class whose fields Java serialization would skip: its parent is not Serializable. */
  public static class Animal {
    String name;

    Animal() {}
  }

  /** Serializable, but its parent's field is lost in serialization. */
  public static final class Dog extends Animal implements Serializable {
    Dog(String name) {
      this.name = name;
    }

    Dog() {}
  }

  @Test
  void contentThatComesBackTheSameIsAcceptedEvenWhereEqualsCannotTell() {
    for (Codec codec : new Codec[] {JSON, JAVA}) {
      Blob blob = new Blob("b", new byte[] {1, 2, 3});
      Blob back = (Blob) codec.decode(RoundTrip.encodeChecked(codec, blob));
      assertArrayEquals(blob.bytes(), back.bytes());
      Point p = new Point(3, 4);
      Object again = codec.decode(RoundTrip.encodeChecked(codec, p));
      assertNotSame(p, again);
      assertTrue(RoundTrip.Structure.same(p, again, 0));
    }
  }

  @Test
  void jsonRefusesAnUntypedListOfDatesThatWouldComeBackAsText() {
    CodecException e = assertThrows(CodecException.class,
        () -> RoundTrip.encodeChecked(JSON, new ArrayList<>(List.of(LocalDate.of(2026, 1, 2)))));
    assertTrue(e.getMessage().contains("would read back"), e.getMessage());
    // Java serialization keeps the element types
    assertEquals(List.of(LocalDate.of(2026, 1, 2)),
        JAVA.decode(RoundTrip.encodeChecked(JAVA, new ArrayList<>(List.of(LocalDate.of(2026, 1, 2))))));
  }

  @Test
  void javaSerializationRefusesAValueThatLosesItsParentsFields() {
    CodecException e = assertThrows(CodecException.class, () -> RoundTrip.encodeChecked(JAVA, new Dog("Rex")));
    assertTrue(e.getMessage().contains(Dog.class.getName()), e.getMessage());
    // JSON writes every field, so the same value reads back whole
    Dog back = (Dog) JSON.decode(RoundTrip.encodeChecked(JSON, new Dog("Rex")));
    assertEquals("Rex", back.name);
  }
}
