package dev.larder.copy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which value types store-by-value may hand out without a copy. */
class ImmutableTypesTest {

  enum Plain { A }

  enum WithBody {
    A {
      @Override
      int n() {
        return 1;
      }
    };

    abstract int n();
  }

  record Point(int x, int y) {}

  record Named(String name, long id, Point point, Instant at, Plain kind) {}

  record WithList(String name, List<String> items) {}

  record WithArray(int[] values) {}

  record WithObject(Object any) {}

  record WithDate(Date when) {}

  record Nested(Named inner) {}

  record NestedMutable(WithList inner) {}

  static final class MutableBox {
    int value;
  }

  @Test
  void jdkValueTypesAreImmutable() {
    for (Class<?> type : List.of(String.class, Integer.class, Long.class, Boolean.class, Character.class,
        Byte.class, Short.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
        UUID.class, URI.class)) {
      assertTrue(ImmutableTypes.isImmutable(type), type.getName());
    }
  }

  @Test
  void javaTimeValuesAreImmutable() {
    assertTrue(ImmutableTypes.isImmutable(Instant.class));
    assertTrue(ImmutableTypes.isImmutable(LocalDate.class));
    assertTrue(ImmutableTypes.isImmutable(Duration.class));
    assertTrue(ImmutableTypes.isImmutable(ZonedDateTime.class));
  }

  @Test
  void enumsAreImmutableIncludingConstantsWithBodies() {
    assertTrue(ImmutableTypes.isImmutable(Plain.class));
    assertTrue(ImmutableTypes.isImmutable(TimeUnit.class));
    assertTrue(ImmutableTypes.isImmutable(WithBody.A.getClass()));
  }

  @Test
  void recordsOfImmutablesAreImmutableRecursively() {
    assertTrue(ImmutableTypes.isImmutable(Point.class));
    assertTrue(ImmutableTypes.isImmutable(Named.class));
    assertTrue(ImmutableTypes.isImmutable(Nested.class));
  }

  @Test
  void recordsWithMutableOrOpenComponentsAreNotImmutable() {
    assertFalse(ImmutableTypes.isImmutable(WithList.class));
    assertFalse(ImmutableTypes.isImmutable(WithArray.class));
    assertFalse(ImmutableTypes.isImmutable(WithObject.class));
    assertFalse(ImmutableTypes.isImmutable(WithDate.class));
    assertFalse(ImmutableTypes.isImmutable(NestedMutable.class));
  }

  @Test
  void mutableClassesAreNotImmutable() {
    assertFalse(ImmutableTypes.isImmutable(Date.class));
    assertFalse(ImmutableTypes.isImmutable(ArrayList.class));
    assertFalse(ImmutableTypes.isImmutable(StringBuilder.class));
    assertFalse(ImmutableTypes.isImmutable(MutableBox.class));
    assertFalse(ImmutableTypes.isImmutable(int[].class));
    assertFalse(ImmutableTypes.isImmutable(Object.class));
  }
}
