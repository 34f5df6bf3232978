package dev.larder.annotation.support;

/** Runs the intercepted method (AspectJ's {@code proceed()}), with whatever it throws. */
@FunctionalInterface
public interface Invocation {

  /**
   * Runs the method.
   *
   * @return the method's result
   * @throws Throwable whatever the method threw, unchanged
   */
  Object proceed() throws Throwable;
}
