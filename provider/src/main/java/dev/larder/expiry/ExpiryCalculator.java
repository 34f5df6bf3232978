package dev.larder.expiry;

import dev.larder.engine.AccessRule;
import dev.larder.engine.Deadlines;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns a JSR-107 {@link ExpiryPolicy} into absolute deadlines for the engine.
 *
 * <p>The spec's rules: a creation answer of {@link Duration#ZERO} means the entry is expired at
 * once (it is never visible); an access or update answer of {@code null} leaves the deadline as it
 * is; an exception thrown by the policy is logged and the default applies (eternal for creation,
 * unchanged for access and update).
 *
 * <p>For the built-in {@link EternalExpiryPolicy} and {@link CreatedExpiryPolicy}, whose access and
 * update answers are always {@code null}, those calls are skipped altogether ({@link
 * #renewsOnAccess()} and {@link #renewsOnUpdate()} are false) and the creation deadline is
 * computed from a constant. For {@link AccessedExpiryPolicy} and {@link TouchedExpiryPolicy} the
 * access duration is a constant too, so reads renew without calling the policy.
 */
public final class ExpiryCalculator implements AccessRule {

  private static final Logger LOG = Logger.getLogger(ExpiryCalculator.class.getName());

  /** Durations at least this long may be computed from a slightly old clock reading. */
  public static final long COARSE_MINIMUM_MILLIS = 10_000;

  /** The answer of {@link #onAccess} and {@link #onUpdate} that means "keep the current deadline". */
  public static final long UNCHANGED = AccessRule.UNCHANGED;

  private final String cacheName;
  private final ExpiryPolicy policy;
  private final boolean renewsOnAccess;
  private final boolean renewsOnUpdate;
  private final long constantCreationMillis;
  private final long constantAccessMillis;
  private final boolean toleratesRecentClock;
  private final boolean eternal;
  private final boolean builtIn;

  /**
   * Wraps a policy.
   *
   * @param cacheName the cache, for log messages
   * @param policy the configured policy
   */
  public ExpiryCalculator(String cacheName, ExpiryPolicy policy) {
    this(cacheName, policy, null);
  }

  /**
   * Wraps a policy, with a default time to live for caches whose policy is the default eternal one.
   *
   * @param cacheName the cache, for log messages
   * @param policy the configured policy
   * @param defaultTtl the creation time to live to use while {@code policy} is an
   *     {@link EternalExpiryPolicy}, or {@code null}
   */
  public ExpiryCalculator(String cacheName, ExpiryPolicy policy, java.time.Duration defaultTtl) {
    this.cacheName = cacheName;
    this.policy = Objects.requireNonNull(policy, "policy");
    Class<?> type = policy.getClass();
    boolean fixed = type == EternalExpiryPolicy.class || type == CreatedExpiryPolicy.class;
    boolean builtIn = fixed || type == ModifiedExpiryPolicy.class || type == AccessedExpiryPolicy.class
        || type == TouchedExpiryPolicy.class;
    this.builtIn = builtIn;
    this.renewsOnAccess = !(fixed || type == ModifiedExpiryPolicy.class);
    this.renewsOnUpdate = !fixed;
    boolean eternalWithDefault = type == EternalExpiryPolicy.class && defaultTtl != null;
    if (eternalWithDefault) {
      this.constantCreationMillis = Math.max(1, defaultTtl.toMillis());
    } else {
      this.constantCreationMillis = fixed ? toMillis(policy.getExpiryForCreation()) : -1;
    }
    this.eternal = type == EternalExpiryPolicy.class && !eternalWithDefault;
    boolean accessConstant = type == AccessedExpiryPolicy.class || type == TouchedExpiryPolicy.class;
    this.constantAccessMillis = accessConstant ? toMillis(policy.getExpiryForAccess()) : -1;
    this.toleratesRecentClock = builtIn
        && (!eternalWithDefault || constantCreationMillis >= COARSE_MINIMUM_MILLIS)
        && atLeastCoarse(policy.getExpiryForCreation())
        && atLeastCoarse(policy.getExpiryForAccess())
        && atLeastCoarse(policy.getExpiryForUpdate());
  }

  private static boolean atLeastCoarse(Duration d) {
    return d == null || d.isEternal() || toMillis(d) >= COARSE_MINIMUM_MILLIS;
  }

  /**
   * Tells whether every deadline this policy sets is so far away that computing it from a clock
   * reading a few milliseconds old makes no practical difference: true for the built-in policies
   * whose durations are all at least {@value #COARSE_MINIMUM_MILLIS} ms (or eternal). Such caches may
   * compute deadlines from {@code Clock.recentMillis()}; the deadline is then early by the
   * reading's lag (about 10 ms), never late.
   *
   * @return {@code true} if a recent (slightly old) clock reading may be used for deadlines
   */
  @Override
  public boolean toleratesRecentClock() {
    return toleratesRecentClock;
  }

  /**
   * Tells whether every deadline is {@code NEVER}: the built-in eternal policy with no default
   * time to live.
   *
   * @return {@code true} if entries never expire
   */
  public boolean isEternal() {
    return eternal;
  }

  /**
   * Tells whether the policy is one of the five built-in ones of {@code javax.cache.expiry}
   * (Eternal, Created, Modified, Accessed, Touched): its answers are fixed durations, so asking it
   * runs no code of the application and may be done ahead of a write, or not at all.
   *
   * @return {@code true} for a built-in policy
   */
  public boolean isBuiltIn() {
    return builtIn;
  }

  /**
   * Returns the policy this calculator asks.
   *
   * @return the policy
   */
  public ExpiryPolicy policy() {
    return policy;
  }

  /**
   * Tells whether reads may move a deadline, i.e. whether {@link #onAccess} can answer anything
   * but {@link #UNCHANGED}.
   *
   * @return {@code false} when reads never need to consult the policy
   */
  @Override
  public boolean renewsOnAccess() {
    return renewsOnAccess;
  }

  /**
   * Tells whether updates may move a deadline.
   *
   * @return {@code false} when updates never need to consult the policy
   */
  public boolean renewsOnUpdate() {
    return renewsOnUpdate;
  }

  /**
   * Returns the deadline of a newly created entry.
   *
   * @param now the current time in milliseconds since the epoch
   * @return the deadline; {@code <= now} means the entry is expired on arrival
   */
  public long onCreate(long now) {
    long millis = constantCreationMillis >= 0 ? constantCreationMillis
        : toMillis(ask(policy::getExpiryForCreation, "creation", Duration.ETERNAL));
    return deadline(now, millis);
  }

  /**
   * Returns the deadline of an entry that was just read.
   *
   * @param now the current time in milliseconds since the epoch
   * @return the new deadline, or {@link #UNCHANGED}
   */
  @Override
  public long onAccess(long now) {
    if (!renewsOnAccess) {
      return UNCHANGED;
    }
    if (constantAccessMillis >= 0) {
      return deadline(now, constantAccessMillis);
    }
    Duration d = ask(policy::getExpiryForAccess, "access", null);
    return d == null ? UNCHANGED : deadline(now, toMillis(d));
  }

  /**
   * Returns the deadline of an entry whose value was just replaced.
   *
   * @param now the current time in milliseconds since the epoch
   * @return the new deadline, or {@link #UNCHANGED}
   */
  public long onUpdate(long now) {
    if (!renewsOnUpdate) {
      return UNCHANGED;
    }
    Duration d = ask(policy::getExpiryForUpdate, "update", null);
    return d == null ? UNCHANGED : deadline(now, toMillis(d));
  }

  private static long deadline(long now, long millis) {
    return millis == Long.MAX_VALUE ? Deadlines.NEVER : Deadlines.after(now, millis);
  }

  /** Milliseconds of a duration; {@code Long.MAX_VALUE} for eternal; at least 1 for a non-zero one. */
  private static long toMillis(Duration d) {
    if (d == null || d.isEternal()) {
      return Long.MAX_VALUE;
    }
    if (d.isZero()) {
      return 0;
    }
    TimeUnit unit = d.getTimeUnit();
    long millis = unit.toMillis(d.getDurationAmount());
    return millis == 0 ? 1 : millis;
  }

  private Duration ask(Supplier<Duration> question, String what, Duration fallback) {
    try {
      return question.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache '" + cacheName + "': the expiry policy " + policy.getClass().getName()
          + " threw on " + what + "; using the default (" + (fallback == null ? "unchanged" : "eternal") + ")", e);
      return fallback;
    }
  }
}
