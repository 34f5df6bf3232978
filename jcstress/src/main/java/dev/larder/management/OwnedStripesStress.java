package dev.larder.management;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * jcstress tests of {@link OwnedStripes}, the counters behind statistics and metrics: plain
 * reads and opaque stores by a stripe's owner, a compare-and-set to claim a stripe, opaque reads
 * to sum. Each test creates a fresh instance per trial, so the race to claim the stripes on the
 * first add is part of every trial; two actor threads whose ids fall on one stripe exercise the
 * shared adders instead.
 */
public final class OwnedStripesStress {

  private OwnedStripesStress() {}

  /** Adds of two threads are never lost: once both are done the sums are exact. */
  @JCStressTest
  @Description("Two threads add to two counters at once; once they are done, every add is in the sums.")
  @Outcome(id = "6, 2", expect = ACCEPTABLE, desc = "every add counted")
  @Outcome(expect = FORBIDDEN, desc = "an add was lost or counted twice")
  @State
  public static class ExactOnceQuiet {
    private final OwnedStripes counters = new OwnedStripes(2);

    @Actor
    public void first() {
      counters.add(0, 1);
      counters.add(1, 1);
      counters.add(0, 2);
    }

    @Actor
    public void second() {
      counters.add(0, 3);
      counters.add(1, 1);
    }

    @Arbiter
    public void sums(JJ_Result r) {
      r.r1 = counters.sum(0);
      r.r2 = counters.sum(1);
    }
  }

  /**
   * A sum taken while a thread adds sees its adds in order: a later sum never reports less than
   * an earlier one, and never more than was added.
   */
  @JCStressTest
  @Description("One thread adds twice while another sums twice: the sums never go backwards.")
  @Outcome(id = {"0, 0", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "both sums at the same point")
  @Outcome(id = {"0, 1", "0, 2", "1, 2"}, expect = ACCEPTABLE_INTERESTING, desc = "adds landed between the sums")
  @Outcome(expect = FORBIDDEN, desc = "a later sum saw fewer adds than an earlier one, or adds that never happened")
  @State
  public static class SumsNeverGoBackwards {
    private final OwnedStripes counters = new OwnedStripes(1);

    @Actor
    public void adder() {
      counters.add(0, 1);
      counters.add(0, 1);
    }

    @Actor
    public void reader(JJ_Result r) {
      r.r1 = counters.sum(0);
      r.r2 = counters.sum(0);
    }
  }

  /**
   * A clear that races an add counts the add on one side of it: the total afterwards is the add
   * or nothing, never what was there before the clear, nor a negative number.
   */
  @JCStressTest
  @Description("Five adds, then one thread adds while another clears: the sum is 0 or 1.")
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "the add came before the clear")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the add came after the clear")
  @Outcome(expect = FORBIDDEN, desc = "the clear lost or resurrected counts")
  @State
  public static class ClearRacesAnAdd {
    private final OwnedStripes counters = new OwnedStripes(1);

    public ClearRacesAnAdd() {
      counters.add(0, 5);
    }

    @Actor
    public void adder() {
      counters.add(0, 1);
    }

    @Actor
    public void clearer() {
      counters.clear();
    }

    @Arbiter
    public void sum(J_Result r) {
      r.r1 = counters.sum(0);
    }
  }
}
