package dev.skein.querier.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Grading, ordering and wording shared by the detectors. */
final class Findings {

  /** Share of the trace's duration from which a timing finding is {@link Severity#HIGH}. */
  static final double HIGH_SHARE = 0.5;

  /** Share of the trace's duration from which a timing finding is {@link Severity#MEDIUM}. */
  static final double MEDIUM_SHARE = 0.2;

  /** Most severe first, then most costly. */
  static final Comparator<Finding> MOST_IMPORTANT_FIRST =
      Comparator.comparing(Finding::severity)
          .reversed()
          .thenComparing(Comparator.comparingLong(Finding::impactNanos).reversed());

  private Findings() {}

  /** Grades a timing finding by the share of the trace it accounts for. */
  static Severity severity(long impactNanos, long traceNanos) {
    if (traceNanos <= 0) {
      return Severity.LOW;
    }
    double share = (double) impactNanos / traceNanos;
    return share >= HIGH_SHARE
        ? Severity.HIGH
        : share >= MEDIUM_SHARE ? Severity.MEDIUM : Severity.LOW;
  }

  /** The {@code max} most important of {@code findings}. */
  static List<Finding> top(List<Finding> findings, int max) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(MOST_IMPORTANT_FIRST);
    return sorted.size() > max ? List.copyOf(sorted.subList(0, max)) : sorted;
  }

  /** A duration for people: {@code 850 ns}, {@code 12.5 µs}, {@code 340 ms}, {@code 1.2 s}. */
  static String duration(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return decimal(nanos / 1e3) + " µs";
    }
    if (nanos < 1_000_000_000) {
      return decimal(nanos / 1e6) + " ms";
    }
    return decimal(nanos / 1e9) + " s";
  }

  /** {@code part} as a whole percentage of {@code whole}. */
  static String percent(long part, long whole) {
    return whole <= 0 ? "100%" : Math.round(100.0 * part / whole) + "%";
  }

  private static String decimal(double value) {
    return value >= 100 || value == Math.rint(value)
        ? Long.toString(Math.round(value))
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
