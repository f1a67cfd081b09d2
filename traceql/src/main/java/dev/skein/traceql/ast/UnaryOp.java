package dev.skein.traceql.ast;

/** A prefix operator: logical {@code !} or arithmetic {@code -}. */
public enum UnaryOp {
  NOT("!"),
  NEG("-");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in TraceQL. */
  public String symbol() {
    return symbol;
  }
}
