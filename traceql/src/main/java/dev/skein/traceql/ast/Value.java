package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A typed TraceQL value: a literal in a query, or an attribute or intrinsic value of a span.
 * Absence of a value is represented by Java {@code null} in the evaluation interfaces; {@link Nil}
 * is only the {@code nil} literal. {@code toString()} prints the value as a TraceQL literal.
 */
public sealed interface Value
    permits Value.Str,
        Value.Int,
        Value.Float,
        Value.Bool,
        Value.Duration,
        Value.Status,
        Value.Kind,
        Value.Nil,
        Value.Array {

  /** Returns a string value. */
  static Value of(String value) {
    return new Str(value);
  }

  /** Returns an integer value. */
  static Value of(long value) {
    return new Int(value);
  }

  /** Returns a floating point value. */
  static Value of(double value) {
    return new Float(value);
  }

  /** Returns a boolean value. */
  static Value of(boolean value) {
    return value ? Bool.TRUE : Bool.FALSE;
  }

  /** Returns a duration value of the given number of nanoseconds. */
  static Value durationNanos(long nanos) {
    return new Duration(nanos);
  }

  /** Returns an array value; array attributes match a comparison when any element matches. */
  static Value array(List<Value> values) {
    return new Array(values);
  }

  /** The static type of this value. */
  ValueType type();

  /** A string. */
  record Str(String value) implements Value {
    /** Creates the value. */
    public Str {
      requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
      return ValueType.STRING;
    }

    @Override
    public String toString() {
      return Literals.quote(value);
    }
  }

  /** A signed 64-bit integer. */
  record Int(long value) implements Value {
    @Override
    public ValueType type() {
      return ValueType.INT;
    }

    @Override
    public String toString() {
      return value == Long.MIN_VALUE ? "minInt" : Long.toString(value);
    }
  }

  /** A 64-bit floating point number. */
  record Float(double value) implements Value {
    @Override
    public ValueType type() {
      return ValueType.FLOAT;
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  /** A boolean. */
  record Bool(boolean value) implements Value {
    static final Bool TRUE = new Bool(true);
    static final Bool FALSE = new Bool(false);

    @Override
    public ValueType type() {
      return ValueType.BOOL;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** A duration in nanoseconds (may be negative). */
  record Duration(long nanos) implements Value {
    @Override
    public ValueType type() {
      return ValueType.DURATION;
    }

    @Override
    public String toString() {
      return Literals.duration(nanos);
    }
  }

  /** A span status code. */
  record Status(StatusCode code) implements Value {
    /** Creates the value. */
    public Status {
      requireNonNull(code, "code");
    }

    @Override
    public ValueType type() {
      return ValueType.STATUS;
    }

    @Override
    public String toString() {
      return code.keyword();
    }
  }

  /** A span kind. */
  record Kind(SpanKind kind) implements Value {
    /** Creates the value. */
    public Kind {
      requireNonNull(kind, "kind");
    }

    @Override
    public ValueType type() {
      return ValueType.KIND;
    }

    @Override
    public String toString() {
      return kind.keyword();
    }
  }

  /** The {@code nil} literal, compared with {@code =} or {@code !=} to test for absence. */
  record Nil() implements Value {
    @Override
    public ValueType type() {
      return ValueType.NIL;
    }

    @Override
    public String toString() {
      return "nil";
    }
  }

  /** An array attribute value; it never appears as a literal in a query. */
  record Array(List<Value> values) implements Value {
    /** Creates the value. */
    public Array {
      values = List.copyOf(values);
    }

    @Override
    public ValueType type() {
      return ValueType.ARRAY;
    }

    @Override
    public String toString() {
      return values.toString();
    }
  }
}
