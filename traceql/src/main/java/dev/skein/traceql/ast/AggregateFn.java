package dev.skein.traceql.ast;

import java.util.Locale;

/** A pipeline aggregate over the spans of each spanset. */
public enum AggregateFn {
  COUNT,
  AVG,
  MIN,
  MAX,
  SUM;

  /** The function name as written in TraceQL, e.g. {@code avg}. */
  public String functionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
