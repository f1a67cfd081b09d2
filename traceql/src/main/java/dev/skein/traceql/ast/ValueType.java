package dev.skein.traceql.ast;

import java.util.Locale;

/**
 * The static type of a TraceQL expression, used by type checking. {@link #ATTRIBUTE} is the type of
 * an attribute whose value type is only known per span at evaluation time.
 */
public enum ValueType {
  STRING,
  INT,
  FLOAT,
  DURATION,
  BOOL,
  STATUS,
  KIND,
  NIL,
  ARRAY,
  ATTRIBUTE;

  /** Whether values of this type are numbers (int, float or duration). */
  public boolean isNumeric() {
    return this == INT || this == FLOAT || this == DURATION;
  }

  /** The lower-case name used in error messages. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
