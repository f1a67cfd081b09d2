package dev.skein.traceql.ast;

/** A binary operator inside a spanset filter or a scalar filter, with its precedence. */
public enum BinaryOp {
  OR("||", 1),
  AND("&&", 2),
  EQ("=", 3),
  NEQ("!=", 3),
  LT("<", 3),
  LTE("<=", 3),
  GT(">", 3),
  GTE(">=", 3),
  REGEX("=~", 3),
  NOT_REGEX("!~", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  POW("^", 6);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  /** The operator as written in TraceQL. */
  public String symbol() {
    return symbol;
  }

  /** Binding strength: higher binds tighter. */
  public int precedence() {
    return precedence;
  }

  /** Whether the operator groups right to left ({@code ^} only). */
  public boolean isRightAssociative() {
    return this == POW;
  }

  /** Whether this is one of {@code = != < <= > >= =~ !~}. */
  public boolean isComparison() {
    return precedence == 3;
  }

  /** Whether this is one of {@code + - * / % ^}. */
  public boolean isArithmetic() {
    return precedence >= 4;
  }

  /** Whether this is {@code &&} or {@code ||}. */
  public boolean isLogical() {
    return this == AND || this == OR;
  }

  /** Returns the operator with its operands swapped ({@code a < b} is {@code b > a}). */
  public BinaryOp flipped() {
    return switch (this) {
      case LT -> GT;
      case LTE -> GTE;
      case GT -> LT;
      case GTE -> LTE;
      default -> this;
    };
  }
}
