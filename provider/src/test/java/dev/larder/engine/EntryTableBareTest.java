package dev.larder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import dev.larder.testing.Steps;
import org.junit.jupiter.api.Test;

/** Tables that store eternal entries as bare values, without a {@link Holder}. */
class EntryTableBareTest {

  private final EntryTable<Integer, Object> table = new EntryTable<>(0, (k, h) -> { }, true);

  @Test
  void eternalEntriesAreStoredBareAndFiniteOnesInAHolder() {
    String value = "v";
    Steps.compute(table, 1, (k, old) -> new Holder<>(value, Deadlines.NEVER));
    Steps.compute(table, 2, (k, old) -> new Holder<>("w", 5_000));
    assertSame(value, table.peek(1), "bare");
    assertInstanceOf(Holder.class, table.peek(2));
    Holder<Object> wrapped = table.get(1);
    assertSame(value, wrapped.value());
    assertEquals(Deadlines.NEVER, wrapped.deadline());
    assertNull(table.peek(3));
  }

  @Test
  void aValueThatIsItselfAHolderKeepsItsWrapper() {
    Holder<String> userValue = new Holder<>("inner", 7);
    Steps.compute(table, 1, (k, old) -> new Holder<>(userValue, Deadlines.NEVER));
    Object stored = table.peek(1);
    assertInstanceOf(Holder.class, stored);
    @SuppressWarnings("unchecked")
    Holder<Object> outer = (Holder<Object>) stored;
    assertSame(userValue, outer.value());
    assertEquals(Deadlines.NEVER, outer.deadline());
  }

  @Test
  void computeSeesTheEntryAndCanLeaveItReplaceItOrRemoveIt() {
    Steps.compute(table, 1, (k, old) -> new Holder<>("a", Deadlines.NEVER));
    Steps.compute(table, 1, (k, old) -> {
      assertEquals("a", old.value());
      return old;
    });
    assertEquals("a", table.peek(1));
    Steps.compute(table, 1, (k, old) -> new Holder<>("b", 9_000));
    assertEquals("b", table.get(1).value());
    assertEquals(9_000, table.get(1).deadline());
    Steps.compute(table, 1, (k, old) -> null);
    assertNull(table.peek(1));
    assertEquals(0, table.size());
  }

  @Test
  void iteratorAndSweepHandOutHolders() {
    for (int i = 0; i < 10; i++) {
      long deadline = i % 2 == 0 ? Deadlines.NEVER : 1_000;
      Steps.compute(table, i, (k, old) -> new Holder<>("v", deadline));
    }
    int seen = 0;
    for (Iterator<Map.Entry<Integer, Holder<Object>>> it = table.iterator(); it.hasNext(); ) {
      assertEquals("v", it.next().getValue().value());
      seen++;
    }
    assertEquals(10, seen);
    List<Integer> expired = new ArrayList<>();
    table.visit(100, (k, h) -> {
      if (Deadlines.isDue(h.deadline(), 2_000)) {
        expired.add(k);
      }
    });
    assertEquals(List.of(1, 3, 5, 7, 9), expired);
  }

  @Test
  void boundedBareTableEvictsAndReportsHolders() {
    List<Object> evicted = new ArrayList<>();
    EntryTable<Integer, String> bounded = new EntryTable<>(10, (k, h) -> evicted.add(h.value()), true);
    for (int i = 0; i < 100; i++) {
      Steps.apply(bounded, i, (k, old) -> new Holder<>("v" + k, Deadlines.NEVER));
    }
    assertEquals(10, bounded.size());
    assertEquals(90, evicted.size());
  }
}
