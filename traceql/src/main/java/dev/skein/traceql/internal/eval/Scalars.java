package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.AggregateFn;
import dev.skein.traceql.ast.ScalarExpr;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanView;
import dev.skein.traceql.eval.TraceView;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Compiled scalar expressions over a spanset. Aggregates skip absent and non-numeric values; an
 * aggregate over no numeric value is absent (and so fails every comparison). {@code sum}, {@code
 * min} and {@code max} keep the type when all values are ints or all durations, and give floats
 * otherwise; {@code avg} keeps durations and gives floats otherwise.
 */
final class Scalars {
  /** A compiled scalar: the value for one spanset's spans. */
  @FunctionalInterface
  interface ScalarFn {
    @Nullable Value apply(List<SpanView> spans, TraceView trace);
  }

  private Scalars() {}

  static ScalarFn compile(ScalarExpr e) {
    return switch (e) {
      case ScalarExpr.Constant c -> (spans, trace) -> c.value();
      case ScalarExpr.Binary b -> {
        ScalarFn l = compile(b.left());
        ScalarFn r = compile(b.right());
        yield (spans, trace) ->
            Arithmetic.apply(b.op(), l.apply(spans, trace), r.apply(spans, trace));
      }
      case ScalarExpr.Aggregate a -> aggregate(a);
    };
  }

  private static ScalarFn aggregate(ScalarExpr.Aggregate a) {
    if (a.fn() == AggregateFn.COUNT) {
      return (spans, trace) -> Value.of((long) spans.size());
    }
    FieldFn arg = FieldCompiler.compile(Objects.requireNonNull(a.argument()));
    AggregateFn fn = a.fn();
    return (spans, trace) -> {
      Acc acc = new Acc();
      for (SpanView s : spans) {
        Value v = arg.apply(s, trace);
        if (v != null && Compare.isNumber(v)) {
          acc.add(v);
        }
      }
      return acc.result(fn);
    };
  }

  /** Running sum, min, max and count with the common type of the values seen. */
  private static final class Acc {
    private int n;
    private boolean allInt = true;
    private boolean allDuration = true;
    private double sum;
    private long longSum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long longMin = Long.MAX_VALUE;
    private long longMax = Long.MIN_VALUE;

    void add(Value v) {
      n++;
      allInt &= v instanceof Value.Int;
      allDuration &= v instanceof Value.Duration;
      double d = Compare.asDouble(v);
      sum += d;
      min = Math.min(min, d);
      max = Math.max(max, d);
      if (!(v instanceof Value.Float)) {
        long l = Compare.asLong(v);
        longSum += l;
        longMin = Math.min(longMin, l);
        longMax = Math.max(longMax, l);
      }
    }

    @Nullable Value result(AggregateFn fn) {
      if (n == 0) {
        return null;
      }
      return switch (fn) {
        case AVG -> allDuration ? Value.durationNanos(Math.round(sum / n)) : Value.of(sum / n);
        case SUM -> typed(longSum, sum);
        case MIN -> typed(longMin, min);
        case MAX -> typed(longMax, max);
        case COUNT -> Value.of((long) n);
      };
    }

    private Value typed(long exact, double approx) {
      if (allInt) {
        return Value.of(exact);
      }
      return allDuration ? Value.durationNanos(exact) : Value.of(approx);
    }
  }
}
