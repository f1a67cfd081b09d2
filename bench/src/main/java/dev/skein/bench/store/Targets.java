package dev.skein.bench.store;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one-line verdicts a run prints last: measured value against the target. */
public final class Targets {

  private record Line(String name, String measured, boolean met) {}

  private final List<Line> lines = new ArrayList<>();

  /** Records a "lower is better" target. */
  public void atMost(String name, double value, double limit, String unit) {
    lines.add(
        new Line(
            name + " (target <= " + fmt(limit) + " " + unit + ")",
            fmt(value) + " " + unit,
            value <= limit));
  }

  /** Records a "higher is better" target. */
  public void atLeast(String name, double value, double floor, String unit) {
    lines.add(
        new Line(
            name + " (target >= " + fmt(floor) + " " + unit + ")",
            fmt(value) + " " + unit,
            value >= floor));
  }

  /** Records a target that could not be measured. */
  public void failed(String name, String why) {
    lines.add(new Line(name, why, false));
  }

  /** Prints one line per target. */
  public void print(PrintStream out) {
    out.println();
    out.println("Targets (one line each; shared, noisy machine: compare CPU-based figures):");
    for (Line l : lines) {
      out.println("TARGET " + (l.met ? "MET    " : "MISSED ") + l.name + ": " + l.measured);
    }
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
