package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tally of hash codes that several entries share ({@link SharedHashCodes}). */
class SharedHashCodesTest {

  @Test
  void aCodeSeenOnceInEverySampleIsNotShared() {
    SharedHashCodes shared = new SharedHashCodes();
    shared.sweepStarted();
    shared.count(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 8);
    shared.count(new int[] {1, 2, 3, 4, 9, 10, 11, 12}, 8);
    for (int code = 0; code <= 12; code++) {
      assertEquals(1, shared.keys(code), "code " + code);
    }
  }

  @Test
  void repeatedCodesAddTheirOccurrencesAcrossTheSamplesOfASweep() {
    SharedHashCodes shared = new SharedHashCodes();
    shared.sweepStarted();
    shared.count(new int[] {5, 7, 7, 7, 9, 9, 1, 2}, 8);
    shared.count(new int[] {7, 7, 3, 0, 0, 0, 0, 0}, 8);
    assertEquals(5, shared.keys(7), "3 + 2 occurrences");
    assertEquals(2, shared.keys(9));
    assertEquals(1, shared.keys(5));
    assertEquals(1, shared.keys(3), "the sample's tail beyond n is not counted");
  }

  @Test
  void onlyTheFirstNCodesOfASampleCount() {
    SharedHashCodes shared = new SharedHashCodes();
    shared.count(new int[] {4, 6, 6, 4}, 2);
    assertEquals(1, shared.keys(4));
    assertEquals(1, shared.keys(6));
  }

  @Test
  void aTallyLastsOneMoreSweepThenFades() {
    SharedHashCodes shared = new SharedHashCodes();
    shared.sweepStarted();
    shared.count(new int[] {42, 42, 42, 42}, 4);
    shared.sweepStarted();
    assertEquals(4, shared.keys(42), "the last sweep's tally still counts");
    shared.count(new int[] {42, 42}, 2);
    assertEquals(4, shared.keys(42), "the larger of this sweep's (2) and the last (4)");
    shared.sweepStarted();
    assertEquals(2, shared.keys(42));
    shared.sweepStarted();
    assertEquals(1, shared.keys(42), "two sweeps without the code: unshared again");
  }

  @Test
  void aCodeThatTakesASlotResetsItsTally() {
    SharedHashCodes shared = new SharedHashCodes();
    int a = 1;
    int b = -1;
    for (int candidate = 2; ; candidate++) {
      SharedHashCodes probe = new SharedHashCodes();
      probe.count(new int[] {a, a}, 2);
      probe.count(new int[] {candidate, candidate}, 2);
      if (probe.keys(a) == 1) { // the candidate took a's slot
        b = candidate;
        break;
      }
    }
    shared.count(new int[] {a, a, a}, 3);
    shared.count(new int[] {b, b}, 2);
    assertEquals(1, shared.keys(a), "a lost its slot");
    assertEquals(2, shared.keys(b), "b starts from its own occurrences, not a's tally");
  }
}
