package dev.larder.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hit-ratio simulator: replays traces through bounded caches — Larder (through its JCache
 * provider), Caffeine (its own API) and a plain LRU, see {@link Contender} — and prints Markdown
 * tables of hit ratios and of how the eviction-quality targets fare. Every request is a
 * get, and every miss is followed by a put, as a read-through cache would do.
 *
 * <p>Sections:
 * <ul>
 *   <li><b>synthetic</b>: the traces of {@link Trace} — zipf (2M reads of 2^17 keys, exponent
 *       1.0), zipf + scans (a scan of 5,000 new keys after every 10,000 reads) and recency-biased
 *       — at each size of {@code --sizes};
 *   <li><b>flood</b>: the hash-flooding patterns of {@link FloodTraces}, normal against flooded,
 *       at each size of {@code --sizes};
 *   <li><b>traces</b>: recorded LIRS and ARC traces from {@code --traces DIR} (see {@link
 *       TraceFiles}; obtained as {@code jmh/fetch-traces.md} explains), each at its own sizes;
 *       skipped when no folder is given or it does not exist.
 * </ul>
 *
 * <p>Targets checked: Larder at least Caffeine minus 1 point, and at least LRU, on every row of
 * the synthetic and recorded traces; under each flooding pattern, Larder's flooded hit ratio within
 * 5 points of its normal one.
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar dev.larder.jmh.HitRatio [SIZE]
 * [--sizes 512,2048] [--traces DIR] [--only REGEX] [--sections synthetic,flood,traces]}. A bare
 * number is one size (as before: {@code HitRatio 2048}).
 */
public final class HitRatio {

  private static final Contender[] CONTENDERS = Contender.values();

  private final List<String> failures = new ArrayList<>();
  private int checks;

  private HitRatio() {}

  /**
   * Runs the chosen sections and prints their tables, then the targets that failed.
   *
   * @param args see the class description
   */
  public static void main(String[] args) {
    long[] sizes = {512, 2048};
    Path traces = null;
    String only = null;
    Set<String> sections = new LinkedHashSet<>(List.of("synthetic", "flood", "traces"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
        case "--traces" -> traces = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        case "--sections" -> sections = new LinkedHashSet<>(List.of(args[++i].split(",")));
        case "--help", "-h" -> {
          System.out.println("usage: HitRatio [SIZE] [--sizes 512,2048] [--traces DIR] [--only REGEX]"
              + " [--sections synthetic,flood,traces]");
          return;
        }
        default -> {
          if (args[i].matches("\\d+")) {
            sizes = new long[] {Long.parseLong(args[i])};
          } else {
            throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
          }
        }
      }
    }
    System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "; sizes " + Arrays.toString(sizes) + "; traces " + (traces == null ? "none" : traces));
    HitRatio run = new HitRatio();
    if (sections.contains("synthetic")) {
      run.synthetic(sizes);
    }
    if (sections.contains("flood")) {
      run.flood(sizes);
    }
    if (sections.contains("traces")) {
      if (traces == null) {
        System.out.println();
        System.out.println("(no --traces folder: recorded-trace rows skipped)");
      } else {
        run.recorded(traces, only);
      }
    }
    run.summary();
    System.exit(0);
  }

  private void synthetic(long[] sizes) {
    List<Trace> traces = List.of(
        Trace.ofInts("zipf (s=1.0, 2^17 keys)", Trace.zipf()),
        Trace.ofInts("zipf + scans", Trace.zipfWithScans()),
        Trace.ofInts("recency-biased", Trace.recency()));
    header("Synthetic traces", "| trace | size |");
    for (Trace trace : traces) {
      for (long size : sizes) {
        row(trace, "| " + trace.name() + " | " + size + " |", size);
      }
    }
  }

  private void recorded(Path folder, String only) {
    List<TraceFiles.Loaded> loaded = TraceFiles.load(folder, only);
    if (loaded.isEmpty()) {
      System.out.println();
      System.out.println("(no recorded traces in " + folder + ")");
      return;
    }
    header("Recorded traces (" + folder + ")", "| trace | requests | distinct | size |");
    for (TraceFiles.Loaded l : loaded) {
      System.err.println("hit-ratio: " + TraceFiles.describe(l));
      for (long size : l.sizes()) {
        row(l.trace(), String.format(Locale.ROOT, "| %s (%s) | %,d | %,d | %,d |", l.trace().name(), l.format(),
            l.trace().length(), l.distinct(), size), size);
      }
    }
  }

  private void flood(long[] sizes) {
    List<FloodTraces.Pattern> patterns = FloodTraces.all();
    System.out.println();
    System.out.println("### Hash flooding (normal -> flooded, points)");
    System.out.println();
    StringBuilder head = new StringBuilder("| pattern | size |");
    StringBuilder rule = new StringBuilder("| --- | ---: |");
    for (Contender c : CONTENDERS) {
      head.append(' ').append(name(c)).append(" normal | flooded | difference |");
      rule.append(" ---: | ---: | ---: |");
    }
    System.out.println(head);
    System.out.println(rule);
    for (FloodTraces.Pattern p : patterns) {
      for (long size : sizes) {
        StringBuilder line = new StringBuilder("| " + p.name() + " | " + size + " |");
        double larderDelta = 0;
        for (Contender c : CONTENDERS) {
          double normal = 100 * timed(c, p.normal(), size);
          double flooded = 100 * timed(c, p.flooded(), size);
          line.append(String.format(Locale.ROOT, " %.2f %% | %.2f %% | %+.2f |", normal, flooded, flooded - normal));
          if (c == Contender.LARDER) {
            larderDelta = flooded - normal;
          }
        }
        System.out.println(line);
        check(larderDelta >= -5, String.format(Locale.ROOT, "flooding %s at %d: Larder %+.2f points (limit -5)",
            p.name(), size, larderDelta));
      }
    }
  }

  private void header(String title, String first) {
    System.out.println();
    System.out.println("### " + title);
    System.out.println();
    System.out.println(first + " Larder | Caffeine | LRU | Larder − Caffeine | Larder − LRU |");
    System.out.println("| --- ".repeat((int) first.chars().filter(c -> c == '|').count() - 1)
        + "| ---: | ---: | ---: | ---: | ---: |");
  }

  /** Replays one trace at one size through every contender, prints the row and checks it. */
  private void row(Trace trace, String prefix, long size) {
    double[] ratio = new double[CONTENDERS.length];
    for (int c = 0; c < CONTENDERS.length; c++) {
      ratio[c] = 100 * timed(CONTENDERS[c], trace, size);
    }
    double larder = ratio[Contender.LARDER.ordinal()];
    double caffeine = ratio[Contender.CAFFEINE.ordinal()];
    double lru = ratio[Contender.LRU.ordinal()];
    System.out.printf(Locale.ROOT, "%s %.2f %% | %.2f %% | %.2f %% | %+.2f | %+.2f |%n", prefix, larder, caffeine,
        lru, larder - caffeine, larder - lru);
    check(larder >= caffeine - 1, String.format(Locale.ROOT, "%s at %d: Larder %.2f %% < Caffeine %.2f %% - 1",
        trace.name(), size, larder, caffeine));
    check(larder >= lru, String.format(Locale.ROOT, "%s at %d: Larder %.2f %% < LRU %.2f %%",
        trace.name(), size, larder, lru));
  }

  private static double timed(Contender contender, Trace trace, long size) {
    long start = System.nanoTime();
    double ratio = contender.replay(trace, size);
    System.err.printf(Locale.ROOT, "hit-ratio: %s, %s, %d: %.2f %% in %.1f s%n", trace.name(), name(contender), size,
        100 * ratio, (System.nanoTime() - start) / 1e9);
    return ratio;
  }

  private void check(boolean holds, String failure) {
    checks++;
    if (!holds) {
      failures.add(failure);
    }
  }

  private void summary() {
    System.out.println();
    System.out.println("### Targets: " + (checks - failures.size()) + " of " + checks + " checks hold");
    System.out.println();
    for (String f : failures) {
      System.out.println("- misses: " + f);
    }
  }

  private static String name(Contender c) {
    return switch (c) {
      case LARDER -> "Larder";
      case CAFFEINE -> "Caffeine";
      case LRU -> "LRU";
    };
  }
}
