package dev.skein.querier.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One bad shape found in a trace.
 *
 * @param type which shape
 * @param severity how much it matters
 * @param title one line naming the shape and where it is
 * @param explanation what was seen, in plain language and with numbers
 * @param fix the direction in which a fix usually lies
 * @param impactNanos the time the shape accounts for, in nanoseconds; 0 for shapes that are not
 *     about time (broken propagation, errors)
 * @param spanIds the spans involved, hex, most relevant first
 */
public record Finding(
    FindingType type,
    Severity severity,
    String title,
    String explanation,
    String fix,
    long impactNanos,
    List<String> spanIds) {

  /** Checks that nothing is null and copies the span ids. */
  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(fix, "fix");
    spanIds = List.copyOf(spanIds);
  }
}
