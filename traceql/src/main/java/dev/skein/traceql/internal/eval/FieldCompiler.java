package dev.skein.traceql.internal.eval;

import com.google.re2j.Pattern;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.UnaryExpr;
import dev.skein.traceql.ast.UnaryOp;
import dev.skein.traceql.ast.Value;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Compiles field expressions into {@link FieldFn} closures, once per query; regular expressions are
 * compiled here too. Comparisons and logic always give a {@link Value.Bool}.
 */
final class FieldCompiler {
  private static final Value TRUE = Value.of(true);
  private static final Value FALSE = Value.of(false);

  private FieldCompiler() {}

  static FieldFn compile(FieldExpr e) {
    return switch (e) {
      case Literal l -> constant(l.value());
      case Attribute a -> attribute(a);
      case IntrinsicField i -> Intrinsics.compile(i.intrinsic());
      case UnaryExpr u -> unary(u);
      case BinaryExpr b -> binary(b);
    };
  }

  /** Whether {@code v} is boolean true: what a spanset filter keeps. */
  static boolean isTrue(@Nullable Value v) {
    return v instanceof Value.Bool b && b.value();
  }

  private static FieldFn constant(Value v) {
    return (span, trace) -> v;
  }

  private static FieldFn attribute(Attribute a) {
    String key = a.name();
    return switch (a.scope()) {
      case SPAN, RESOURCE, INSTRUMENTATION -> {
        Scope scope = a.scope();
        yield (span, trace) -> span.attribute(scope, key);
      }
      case UNSCOPED ->
          (span, trace) -> {
            Value v = span.attribute(Scope.SPAN, key);
            return v != null ? v : span.attribute(Scope.RESOURCE, key);
          };
      case EVENT -> (span, trace) -> Intrinsics.collect(span.events(), ev -> ev.attribute(key));
      case LINK -> (span, trace) -> Intrinsics.collect(span.links(), l -> l.attribute(key));
    };
  }

  private static FieldFn unary(UnaryExpr u) {
    FieldFn operand = compile(u.operand());
    if (u.op() == UnaryOp.NEG) {
      return (span, trace) -> Arithmetic.negate(operand.apply(span, trace));
    }
    return (span, trace) ->
        operand.apply(span, trace) instanceof Value.Bool b ? Value.of(!b.value()) : null;
  }

  private static FieldFn binary(BinaryExpr b) {
    BinaryOp op = b.op();
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      return regex(op, compile(b.left()), ((Value.Str) ((Literal) b.right()).value()).value());
    }
    if (b.right() instanceof Literal l && l.value() instanceof Value.Nil) {
      return nilCheck(op, compile(b.left()));
    }
    if (b.left() instanceof Literal l && l.value() instanceof Value.Nil) {
      return nilCheck(op, compile(b.right()));
    }
    FieldFn left = compile(idLiteral(b.right(), b.left()));
    FieldFn right = compile(idLiteral(b.left(), b.right()));
    return switch (op) {
      case AND ->
          (span, trace) ->
              isTrue(left.apply(span, trace)) && isTrue(right.apply(span, trace)) ? TRUE : FALSE;
      case OR ->
          (span, trace) ->
              isTrue(left.apply(span, trace)) || isTrue(right.apply(span, trace)) ? TRUE : FALSE;
      case EQ, NEQ, LT, LTE, GT, GTE ->
          (span, trace) ->
              Compare.test(op, left.apply(span, trace), right.apply(span, trace)) ? TRUE : FALSE;
      default ->
          (span, trace) -> Arithmetic.apply(op, left.apply(span, trace), right.apply(span, trace));
    };
  }

  /** Span, trace and link ids are lower-case hex; a literal compared with one is lower-cased. */
  private static FieldExpr idLiteral(FieldExpr other, FieldExpr e) {
    if (isId(other) && e instanceof Literal l && l.value() instanceof Value.Str s) {
      return new Literal(Value.of(s.value().toLowerCase(Locale.ROOT)));
    }
    return e;
  }

  private static boolean isId(FieldExpr e) {
    return e instanceof IntrinsicField i
        && switch (i.intrinsic()) {
          case SPAN_ID, PARENT_ID, TRACE_ID, LINK_TRACE_ID, LINK_SPAN_ID -> true;
          default -> false;
        };
  }

  private static FieldFn nilCheck(BinaryOp op, FieldFn field) {
    boolean wantAbsent = op == BinaryOp.EQ;
    return (span, trace) -> (field.apply(span, trace) == null) == wantAbsent ? TRUE : FALSE;
  }

  private static FieldFn regex(BinaryOp op, FieldFn left, String regex) {
    Pattern pattern = Regexes.compile(regex);
    boolean negated = op == BinaryOp.NOT_REGEX;
    return (span, trace) -> matches(pattern, left.apply(span, trace), negated) ? TRUE : FALSE;
  }

  static boolean matches(Pattern pattern, @Nullable Value v, boolean negated) {
    if (v instanceof Value.Str s) {
      return pattern.matches(s.value()) != negated;
    }
    if (v instanceof Value.Array a) {
      for (Value e : a.values()) {
        if (matches(pattern, e, negated)) {
          return true;
        }
      }
    }
    return false;
  }
}
