package dev.larder.it.ctw;

import dev.larder.annotation.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/** A service woven at build time, memoized in a cache that the test puts in shared mode. */
public class SharedGreetings {

  final AtomicInteger calls = new AtomicInteger();

  /** One greeting per name, for ten minutes. */
  @Cached(cache = "shared-greetings", ttl = "10m")
  public String greet(String name) {
    calls.incrementAndGet();
    return "hello " + name;
  }
}
