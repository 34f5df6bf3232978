package dev.larder.annotation.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlTest {

  @Test
  void parsesShortFormsAndIso() {
    assertEquals(Duration.ofMillis(500), Ttl.parse("500ms", "m()"));
    assertEquals(Duration.ofSeconds(30), Ttl.parse("30s", "m()"));
    assertEquals(Duration.ofMinutes(10), Ttl.parse("10m", "m()"));
    assertEquals(Duration.ofHours(2), Ttl.parse("2h", "m()"));
    assertEquals(Duration.ofDays(7), Ttl.parse(" 7d ", "m()"));
    assertEquals(Duration.ofMinutes(10), Ttl.parse("PT10M", "m()"));
    assertEquals(Duration.ofDays(1), Ttl.parse("P1D", "m()"));
  }

  @Test
  void emptyMeansTheCachesPolicy() {
    assertNull(Ttl.parse("", "m()"));
    assertNull(Ttl.parse("  ", "m()"));
  }

  @Test
  void malformedValuesNameTheMethodAndTheValue() {
    for (String bad : new String[] {"10 minutes", "10x", "m10", "-5s", "PT", "1.5h"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Ttl.parse(bad, "com.example.Users.find(long)"), bad);
      assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
      assertTrue(e.getMessage().contains("com.example.Users.find(long)"), e.getMessage());
      assertTrue(e.getMessage().contains("PT10M"), e.getMessage());
    }
  }

  @Test
  void zeroIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ttl.parse("0s", "m()"));
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }
}
