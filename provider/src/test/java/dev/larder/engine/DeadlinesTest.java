package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Deadline arithmetic, the holder's expiry boundary and the manual clock. */
class DeadlinesTest {

  @Test
  void afterAddsTheDelay() {
    assertEquals(1_500, Deadlines.after(1_000, 500));
  }

  @Test
  void afterWithZeroOrNegativeDelayIsDueNow() {
    assertEquals(1_000, Deadlines.after(1_000, 0));
    assertEquals(1_000, Deadlines.after(1_000, -5));
    assertTrue(Deadlines.isDue(Deadlines.after(1_000, 0), 1_000));
  }

  @Test
  void afterSaturatesAtNeverInsteadOfOverflowing() {
    assertEquals(Deadlines.NEVER, Deadlines.after(Long.MAX_VALUE - 10, 11));
    assertEquals(Deadlines.NEVER, Deadlines.after(1_000, Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE - 1, Deadlines.after(Long.MAX_VALUE - 10, 9));
  }

  @Test
  void neverIsNotDueEvenAtTheLargestTimeBeforeIt() {
    assertFalse(Deadlines.isDue(Deadlines.NEVER, Long.MAX_VALUE - 1));
    assertFalse(Deadlines.isDue(Deadlines.NEVER, 0));
  }

  @Test
  void isDueAtAndAfterTheDeadlineButNotBefore() {
    assertFalse(Deadlines.isDue(100, 99));
    assertTrue(Deadlines.isDue(100, 100));
    assertTrue(Deadlines.isDue(100, 101));
  }

  @Test
  void holderIsExpiredExactlyAtItsDeadline() {
    Holder<String> holder = new Holder<>("v", 100);
    assertFalse(Deadlines.isDue(holder.deadline(), 99));
    assertTrue(Deadlines.isDue(holder.deadline(), 100));
    assertTrue(Deadlines.isDue(holder.deadline(), 101));
  }

  @Test
  void holderDeadlineCanMoveButItsValueCannot() {
    Holder<String> holder = new Holder<>("v", 100);
    holder.deadline(200);
    assertEquals(200, holder.deadline());
    assertFalse(Deadlines.isDue(holder.deadline(), 150));
    assertSame("v", holder.value());
    holder.deadline(Deadlines.NEVER);
    assertFalse(Deadlines.isDue(holder.deadline(), Long.MAX_VALUE - 1));
  }

  @Test
  void manualClockStartsWhereToldAndOnlyMovesWhenAdvanced() {
    ManualClock clock = new ManualClock(5_000);
    assertEquals(5_000, clock.millis());
    assertEquals(5_000, clock.millis());
    assertEquals(5_250, clock.advanceMillis(250));
    assertEquals(5_250 + 60_000, clock.advance(Duration.ofMinutes(1)));
    assertEquals(5_250 + 60_000, clock.millis());
  }

  @Test
  void manualClockAcceptsZeroStep() {
    ManualClock clock = new ManualClock(10);
    assertEquals(10, clock.advance(Duration.ZERO));
  }

  @Test
  void manualClockRejectsNegativeSteps() {
    ManualClock clock = new ManualClock(10);
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.advanceMillis(-1));
    assertEquals(10, clock.millis());
  }

  @Test
  void defaultManualClockStartsAtAFixedInstant() {
    assertEquals(new ManualClock().millis(), new ManualClock().millis());
  }
}
