package dev.skein.querier.blocks;

import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.SpanBounds.Bound;
import dev.skein.storage.block.SpanBounds.Field;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.plan.Condition;
import dev.skein.traceql.plan.Conditions;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SpanBounds} of a query: its required conditions on span intrinsics that row-group
 * statistics can refute ({@code name = "x"}, {@code status = error|ok}, {@code kind = server} and
 * the like, {@code duration} compared with a duration or an integer). Only when every condition
 * must hold on one matching span (no {@code ||}, spanset or structural operators); otherwise none.
 * Stateless.
 */
final class SearchBounds {

  private SearchBounds() {}

  static SpanBounds of(Conditions conditions) {
    if (!conditions.allConditions()) {
      return SpanBounds.NONE;
    }
    List<Bound> bounds = new ArrayList<>();
    for (Condition c : conditions.conditions()) {
      if (c.op() != null && c.field() instanceof IntrinsicField f && c.operand() != null) {
        Bound b = bound(f, c.op(), c.operand());
        if (b != null) {
          bounds.add(b);
        }
      }
    }
    return bounds.isEmpty() ? SpanBounds.NONE : new SpanBounds(bounds);
  }

  private static @Nullable Bound bound(IntrinsicField f, BinaryOp op, Value v) {
    return switch (f.intrinsic()) {
      case NAME ->
          op == BinaryOp.EQ && v instanceof Value.Str s
              ? Bound.equalTo(Field.NAME, s.value())
              : null;
      case STATUS -> {
        int code =
            v instanceof Value.Status s
                ? switch (s.code()) {
                  case OK -> 1;
                  case ERROR -> 2;
                  default -> -1; // unset also covers codes OTLP does not define
                }
                : -1;
        yield op == BinaryOp.EQ && code > 0 ? Bound.within(Field.STATUS_CODE, code, code) : null;
      }
      case KIND -> {
        int kind =
            v instanceof Value.Kind k
                ? switch (k.kind()) {
                  case INTERNAL -> 1;
                  case SERVER -> 2;
                  case CLIENT -> 3;
                  case PRODUCER -> 4;
                  case CONSUMER -> 5;
                  default -> -1; // unspecified also covers kinds OTLP does not define
                }
                : -1;
        yield op == BinaryOp.EQ && kind > 0 ? Bound.within(Field.KIND, kind, kind) : null;
      }
      case DURATION -> {
        Long n =
            switch (v) {
              case Value.Duration d -> d.nanos();
              case Value.Int i -> i.value();
              default -> null; // floats compare as doubles: not worth the rounding care
            };
        yield n == null ? null : range(op, n);
      }
      default -> null;
    };
  }

  private static @Nullable Bound range(BinaryOp op, long n) {
    return switch (op) {
      case EQ -> Bound.within(Field.DURATION_NANOS, n, n);
      case GT ->
          n == Long.MAX_VALUE ? null : Bound.within(Field.DURATION_NANOS, n + 1, Long.MAX_VALUE);
      case GTE -> Bound.within(Field.DURATION_NANOS, n, Long.MAX_VALUE);
      case LT ->
          n == Long.MIN_VALUE ? null : Bound.within(Field.DURATION_NANOS, Long.MIN_VALUE, n - 1);
      case LTE -> Bound.within(Field.DURATION_NANOS, Long.MIN_VALUE, n);
      default -> null;
    };
  }
}
