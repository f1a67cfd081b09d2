package dev.skein.traceql.internal.parse;

import dev.skein.traceql.ast.AggregateFn;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.ScalarExpr;
import dev.skein.traceql.ast.UnaryExpr;
import dev.skein.traceql.ast.UnaryOp;
import dev.skein.traceql.ast.ValueType;
import org.jspecify.annotations.Nullable;

/**
 * Static typing of field and scalar expressions. Each check returns an error message, or null when
 * the operation is well typed. Not API.
 */
final class TypeRules {
  private TypeRules() {}

  static ValueType typeOf(FieldExpr e) {
    return switch (e) {
      case Literal l -> l.value().type();
      case Attribute a -> ValueType.ATTRIBUTE;
      case IntrinsicField i -> i.intrinsic().type();
      case UnaryExpr u -> u.op() == UnaryOp.NOT ? ValueType.BOOL : typeOf(u.operand());
      case BinaryExpr b ->
          b.op().isArithmetic()
              ? arithmeticResult(b.op(), typeOf(b.left()), typeOf(b.right()))
              : ValueType.BOOL;
    };
  }

  static ValueType typeOf(ScalarExpr e) {
    return switch (e) {
      case ScalarExpr.Constant c -> c.value().type();
      case ScalarExpr.Aggregate a -> aggregateResult(a.fn(), a.argument());
      case ScalarExpr.Binary b -> arithmeticResult(b.op(), typeOf(b.left()), typeOf(b.right()));
    };
  }

  static @Nullable String checkUnary(UnaryOp op, ValueType t) {
    if (op == UnaryOp.NOT) {
      return isBoolean(t) ? null : "operator '!' needs a boolean operand, found " + t.displayName();
    }
    return isNumber(t) ? null : "operator '-' needs a numeric operand, found " + t.displayName();
  }

  static @Nullable String checkBinary(BinaryOp op, ValueType l, ValueType r) {
    if (op.isLogical()) {
      ValueType bad = !isBoolean(l) ? l : !isBoolean(r) ? r : null;
      return bad == null ? null : needs(op, "boolean operands", bad);
    }
    if (op.isArithmetic()) {
      ValueType bad = !isNumber(l) ? l : !isNumber(r) ? r : null;
      return bad == null ? null : needs(op, "numeric operands", bad);
    }
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      if (l != ValueType.STRING && l != ValueType.ATTRIBUTE) {
        return needs(op, "a string on the left", l);
      }
      return r == ValueType.STRING ? null : needs(op, "a string regular expression", r);
    }
    if (l == ValueType.NIL || r == ValueType.NIL) {
      return op == BinaryOp.EQ || op == BinaryOp.NEQ
          ? null
          : "nil can only be compared with '=' or '!=', found '" + op.symbol() + "'";
    }
    if (!comparable(l, r)) {
      return "cannot compare " + l.displayName() + " with " + r.displayName();
    }
    boolean ordered = op == BinaryOp.EQ || op == BinaryOp.NEQ;
    for (ValueType t : new ValueType[] {l, r}) {
      if (!ordered && (t == ValueType.BOOL || t == ValueType.STATUS || t == ValueType.KIND)) {
        return "operator '" + op.symbol() + "' cannot order " + t.displayName() + " values";
      }
    }
    return null;
  }

  static @Nullable String checkAggregate(AggregateFn fn, ValueType argument) {
    return isNumber(argument)
        ? null
        : fn.functionName() + "() needs a numeric argument, found " + argument.displayName();
  }

  static boolean isBoolean(ValueType t) {
    return t == ValueType.BOOL || t == ValueType.ATTRIBUTE;
  }

  private static boolean isNumber(ValueType t) {
    return t.isNumeric() || t == ValueType.ATTRIBUTE;
  }

  private static boolean comparable(ValueType l, ValueType r) {
    return l == ValueType.ATTRIBUTE
        || r == ValueType.ATTRIBUTE
        || l == r
        || (l.isNumeric() && r.isNumeric());
  }

  private static String needs(BinaryOp op, String what, ValueType found) {
    return "operator '" + op.symbol() + "' needs " + what + ", found " + found.displayName();
  }

  private static ValueType arithmeticResult(BinaryOp op, ValueType l, ValueType r) {
    if (l == ValueType.ATTRIBUTE || r == ValueType.ATTRIBUTE) {
      return ValueType.ATTRIBUTE;
    }
    if (l == ValueType.DURATION || r == ValueType.DURATION) {
      return (op == BinaryOp.DIV && l == r) || op == BinaryOp.POW
          ? ValueType.FLOAT
          : ValueType.DURATION;
    }
    return l == ValueType.INT && r == ValueType.INT && op != BinaryOp.POW && op != BinaryOp.DIV
        ? ValueType.INT
        : ValueType.FLOAT;
  }

  private static ValueType aggregateResult(AggregateFn fn, @Nullable FieldExpr argument) {
    if (argument == null) {
      return ValueType.INT;
    }
    ValueType t = typeOf(argument);
    if (fn == AggregateFn.AVG && t == ValueType.INT) {
      return ValueType.FLOAT;
    }
    return t;
  }
}
