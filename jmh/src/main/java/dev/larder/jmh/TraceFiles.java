package dev.larder.jmh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded traces from public cache research out of a folder a developer filled (see
 * {@code jmh/fetch-traces.md}); nothing here is part of the build or the tests.
 *
 * <p>Formats, chosen by file name (plain, or gzip-compressed with a further {@code .gz}):
 * <ul>
 *   <li><b>LIRS</b> ({@code NAME.trace}, {@code NAME.trc}): one block number per line; blank lines
 *       and the {@code *} checkpoint markers of the LIRS simulator are skipped (Jiang and Zhang,
 *       "LIRS: An Efficient Low Inter-reference Recency Set Replacement Policy", SIGMETRICS 2002);
 *   <li><b>ARC</b> ({@code NAME.lis}): lines {@code start count ignored ignored}, each standing for
 *       the requests of blocks {@code start .. start + count - 1} (Megiddo and Modha, "ARC: A
 *       Self-Tuning, Low Overhead Replacement Cache", FAST 2003).
 * </ul>
 * Other files (e.g. {@code .zst}, which the JDK cannot read) are reported and skipped.
 *
 * <p>Cache sizes: the ARC traces use the sizes of the ARC paper (OLTP: 1,000 to 10,000 pages;
 * the P traces: 32,768 pages, its 16 MB column, with 8,192 and 131,072 around it). The LIRS traces
 * are small (1,200 to 10,000 distinct blocks); each gets three sizes across the range the LIRS
 * paper plots, from about a tenth of its footprint to about half of it. A trace not listed here
 * gets 10 %, 25 % and 50 % of its footprint.
 */
public final class TraceFiles {

  /** Cache sizes per trace name (the file name without its extensions). */
  static final Map<String, long[]> SIZES = Map.ofEntries(
      Map.entry("2_pools", new long[] {1_000, 2_500, 5_000}),
      Map.entry("cpp", new long[] {100, 300, 600}),
      Map.entry("cs", new long[] {100, 400, 800}),
      Map.entry("gli", new long[] {250, 1_000, 2_000}),
      Map.entry("loop", new long[] {256, 512, 1_024}),
      Map.entry("multi1", new long[] {300, 800, 1_500}),
      Map.entry("multi2", new long[] {500, 1_500, 3_000}),
      Map.entry("multi3", new long[] {500, 2_000, 4_000}),
      Map.entry("ps", new long[] {300, 1_000, 2_000}),
      Map.entry("sprite", new long[] {100, 500, 1_000}),
      Map.entry("OLTP", new long[] {1_000, 2_000, 5_000, 10_000}),
      Map.entry("P2", new long[] {8_192, 32_768, 131_072}),
      Map.entry("P3", new long[] {8_192, 32_768, 131_072}),
      Map.entry("P6", new long[] {8_192, 32_768, 131_072}),
      Map.entry("P12", new long[] {8_192, 32_768, 131_072}));

  private TraceFiles() {}

  /**
   * A trace read from a file, with the cache sizes to replay it at.
   *
   * @param trace the requests
   * @param format {@code "LIRS"} or {@code "ARC"}
   * @param distinct the number of distinct keys (the footprint)
   * @param sizes the cache sizes
   */
  public record Loaded(Trace trace, String format, int distinct, long[] sizes) {}

  /**
   * Reads every trace of a known format in a folder and its subfolders, in name order.
   *
   * @param folder the folder
   * @param only if not {@code null}, a regular expression the trace's name must match
   * @return the traces; empty if the folder does not exist
   */
  public static List<Loaded> load(Path folder, String only) {
    List<Loaded> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      System.err.println("hit-ratio: no trace folder " + folder + "; trace rows skipped");
      return out;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String plain = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
      String format;
      String name;
      if (plain.endsWith(".trace") || plain.endsWith(".trc")) {
        format = "LIRS";
        name = plain.substring(0, plain.lastIndexOf('.'));
      } else if (plain.endsWith(".lis")) {
        format = "ARC";
        name = plain.substring(0, plain.lastIndexOf('.'));
      } else {
        System.err.println("hit-ratio: skipped " + file + " (not a .trace/.trc/.lis file, plain or .gz;"
            + " decompress .zst or .xz first)");
        continue;
      }
      if (only != null && !name.matches(only)) {
        continue;
      }
      long[] keys = read(file, format);
      int distinct = distinct(keys);
      long[] sizes = SIZES.getOrDefault(name, defaultSizes(distinct));
      out.add(new Loaded(Trace.ofLongs(name, keys), format, distinct, sizes));
    }
    return out;
  }

  /**
   * Reads one trace file.
   *
   * @param file the file, plain or gzip-compressed ({@code .gz})
   * @param format {@code "LIRS"} or {@code "ARC"}
   * @return the block numbers in request order
   */
  static long[] read(Path file, String format) {
    long[] keys = new long[1 << 16];
    int n = 0;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        line = line.trim();
        if (line.isEmpty() || line.equals("*")) {
          continue;
        }
        long start;
        long count = 1;
        try {
          if (format.equals("ARC")) {
            String[] fields = line.split("\\s+");
            start = Long.parseLong(fields[0]);
            count = Long.parseLong(fields[1]);
          } else {
            start = Long.parseLong(line);
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(file + ":" + lineNumber + ": not a " + format + " trace line: "
              + line.substring(0, Math.min(60, line.length())), e);
        }
        for (long b = start; b < start + count; b++) {
          if (n == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
          }
          keys[n++] = b;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
    return Arrays.copyOf(keys, n);
  }

  private static int distinct(long[] keys) {
    Set<Long> seen = new HashSet<>();
    for (long k : keys) {
      seen.add(k);
    }
    return seen.size();
  }

  private static long[] defaultSizes(int distinct) {
    return java.util.stream.LongStream.of(distinct / 10, distinct / 4, distinct / 2).map(s -> Math.max(16, s))
        .distinct().toArray();
  }

  /**
   * Describes a loaded trace in one line: name, format, requests, footprint.
   *
   * @param loaded the trace
   * @return the description
   */
  static String describe(Loaded loaded) {
    return String.format(Locale.ROOT, "%s (%s, %,d requests, %,d distinct)", loaded.trace().name(),
        loaded.format(), loaded.trace().length(), loaded.distinct());
  }
}
