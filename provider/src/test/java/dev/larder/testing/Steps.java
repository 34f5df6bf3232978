package dev.larder.testing;

import dev.larder.engine.EntryTable;
import dev.larder.engine.Holder;
import dev.larder.engine.Step;
import dev.larder.store.Store;
import java.util.function.BiFunction;

/**
 * Test helpers that express a store or table step as a function from the current entry to the
 * next one: the same entry keeps it, {@code null} removes it, another holder sets its value and
 * deadline.
 */
public final class Steps {

  private Steps() {}

  /** A step from a function; {@link #seen} holds what the step saw. */
  public static final class FunctionStep<K, V> extends Step<K, V> {
    private final BiFunction<K, Holder<V>, Holder<V>> function;
    /** The entry (or marker) the step saw. */
    public Holder<V> seen;
    /** Whether {@code committed} ran. */
    public boolean committedRan;

    FunctionStep(BiFunction<K, Holder<V>, Holder<V>> function) {
      this.function = function;
    }

    @Override
    protected void decide(K key, Holder<V> current) {
      seen = current;
      Holder<V> next = function.apply(key, current);
      if (next == current) {
        keep();
      } else if (next == null) {
        remove();
      } else {
        set(next.value(), next.deadline(), false);
      }
    }

    @Override
    protected void committed(K key) {
      committedRan = true;
    }
  }

  /** Returns a step running the function. */
  public static <K, V> FunctionStep<K, V> of(BiFunction<K, Holder<V>, Holder<V>> function) {
    return new FunctionStep<>(function);
  }

  /** Applies a function to a table's key (bin-lock step); reads nothing back (no access recorded). */
  public static <K, V> void apply(EntryTable<K, V> table, K key, BiFunction<K, Holder<V>, Holder<V>> function) {
    table.apply(key, of(function));
  }

  /** Applies a function to a table's key (bin-lock step) and returns what the table holds after. */
  public static <K, V> Holder<V> compute(EntryTable<K, V> table, K key, BiFunction<K, Holder<V>, Holder<V>> function) {
    table.apply(key, of(function));
    return table.get(key);
  }

  /** Applies a function to a store's key and returns what the store holds after. */
  public static <K, V> Holder<V> compute(Store<K, V> store, K key, BiFunction<K, Holder<V>, Holder<V>> function) {
    store.apply(key, of(function), false);
    return store.get(key);
  }

  /** Stores a value with a deadline. */
  public static <K, V> void put(Store<K, V> store, K key, V value, long deadline) {
    compute(store, key, (k, c) -> new Holder<>(value, deadline));
  }
}
