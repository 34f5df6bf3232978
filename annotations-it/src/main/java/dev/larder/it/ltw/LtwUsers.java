package dev.larder.it.ltw;

import dev.larder.annotation.Cached;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/**
 * A service compiled by plain javac and never woven at build time: only the load-time weaver
 * (-javaagent:aspectjweaver.jar with larder-annotations' META-INF/aop.xml) can memoize it.
 */
public class LtwUsers {

  /** How many times a method body actually ran. */
  public final AtomicInteger calls = new AtomicInteger();

  /**
   * A memoized lookup.
   *
   * @param id the user id
   * @return a name made from the id
   */
  @Cached(cache = "ltw-users", ttl = "10m")
  public String find(long id) {
    calls.incrementAndGet();
    return "user-" + id;
  }

  /**
   * Calls {@link #find} through {@code this}.
   *
   * @param id the user id
   * @return what {@code find} returns
   */
  public String findViaThis(long id) {
    return find(id);
  }

  /**
   * A JSR-107 cached lookup.
   *
   * @param id the id
   * @return a label made from the id
   */
  @CacheResult(cacheName = "ltw-labels")
  public String label(long id) {
    calls.incrementAndGet();
    return "label-" + id;
  }
}
