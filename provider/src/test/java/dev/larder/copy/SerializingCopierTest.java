package dev.larder.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serialization-based copies: equal but distinct, immutables shared, clear errors. */
class SerializingCopierTest {

  private final SerializingCopier copier = new SerializingCopier("orders", getClass().getClassLoader());

  record Key(String name, int n) {}

  static final class NotSerializable {
  }

  static final class HoldsNotSerializable implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object inner = new NotSerializable();
  }

  @Test
  void mutableValueIsCopiedEqualButDistinct() {
    List<String> list = new ArrayList<>(List.of("a", "b"));
    List<String> copy = copier.copy(list);
    assertEquals(list, copy);
    assertNotSame(list, copy);
    list.add("c");
    assertEquals(List.of("a", "b"), copy);
  }

  @Test
  void dateIsCopied() {
    Date date = new Date(42);
    Date copy = copier.copy(date);
    assertEquals(date, copy);
    assertNotSame(date, copy);
  }

  @Test
  void immutableValuesAreReturnedAsTheyAre() {
    String s = new String("text");
    assertSame(s, copier.copy(s));
    Instant now = Instant.ofEpochMilli(5);
    assertSame(now, copier.copy(now));
    Key key = new Key("k", 1);
    assertSame(key, copier.copy(key));
  }

  @Test
  void nonSerializableValueIsRejectedNamingCacheAndClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> copier.copy(new NotSerializable()));
    assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
    assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
  }

  @Test
  void serializableWithNonSerializableFieldIsRejectedNamingCacheAndClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> copier.copy(new HoldsNotSerializable()));
    assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
    assertTrue(e.getMessage().contains(HoldsNotSerializable.class.getName()), e.getMessage());
  }

  @Test
  void identityCopierCopiesNothing() {
    List<String> list = new ArrayList<>();
    assertSame(list, Copier.identity().copy(list));
  }
}
