package dev.skein.traceql.ast;

import java.util.function.ToIntFunction;

/** Shared precedence-aware printing for the AST's canonical form. Not API. */
final class Printer {
  /** Precedence of atoms (literals, fields, filters): never parenthesised. */
  static final int ATOM = 100;

  static final int UNARY = 50;

  private Printer() {}

  static int fieldPrecedence(Object e) {
    return switch (e) {
      case BinaryExpr b -> b.op().precedence();
      case UnaryExpr u -> UNARY;
      case ScalarExpr.Binary b -> b.op().precedence();
      default -> ATOM;
    };
  }

  static int spansetPrecedence(Object e) {
    return switch (e) {
      case SpansetOperation o -> o.op().precedence();
      case Pipeline p -> 0;
      default -> ATOM;
    };
  }

  static <T> String binary(BinaryOp op, T left, T right, ToIntFunction<T> precedence) {
    return binary(op.symbol(), op.precedence(), op.isRightAssociative(), left, right, precedence);
  }

  /**
   * Precedence of a field expression as an operand of {@code parent}. A {@code &&} under {@code ||}
   * (or the reverse) is printed in parentheses although the grammar does not need them, so the
   * canonical form reads the same under any convention for the two operators' precedence.
   */
  static ToIntFunction<FieldExpr> fieldOperandPrecedence(BinaryOp parent) {
    return e ->
        parent.isLogical() && e instanceof BinaryExpr b && b.op().isLogical() && b.op() != parent
            ? -1
            : fieldPrecedence(e);
  }

  /** As {@link #fieldOperandPrecedence}, for {@code &&} and {@code ||} between spansets. */
  static ToIntFunction<SpansetExpr> spansetOperandPrecedence(SpansetOp parent) {
    return e ->
        isLogical(parent)
                && e instanceof SpansetOperation o
                && isLogical(o.op())
                && o.op() != parent
            ? -1
            : spansetPrecedence(e);
  }

  private static boolean isLogical(SpansetOp op) {
    return op == SpansetOp.AND || op == SpansetOp.OR;
  }

  static <T> String binary(
      String symbol, int prec, boolean rightAssoc, T left, T right, ToIntFunction<T> precedence) {
    int lp = precedence.applyAsInt(left);
    int rp = precedence.applyAsInt(right);
    boolean parenLeft = rightAssoc ? lp <= prec : lp < prec;
    boolean parenRight = rightAssoc ? rp < prec : rp <= prec;
    return wrap(left, parenLeft) + " " + symbol + " " + wrap(right, parenRight);
  }

  static String wrap(Object o, boolean paren) {
    return paren ? "(" + o + ")" : o.toString();
  }
}
