package dev.skein.traceql.internal.parse;

import dev.skein.traceql.TraceQLException;
import java.util.List;

/** Position in the token list, with error helpers shared by the parsers. Not API. */
final class TokenCursor {
  /** Deepest nesting of parentheses, unary operators and right-associative chains. */
  static final int MAX_DEPTH = 200;

  /** Most binary operators in one query; keeps the AST shallow enough to walk recursively. */
  static final int MAX_OPERATORS = 1000;

  private final List<Token> tokens;
  private int pos;
  private int depth;
  private int operators;

  TokenCursor(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Enters one nesting level; pair with {@link #exit()}. */
  void enter() {
    if (++depth > MAX_DEPTH) {
      throw parseError(peek(), "query nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  void exit() {
    depth--;
  }

  /** Counts one binary operator at {@code at}. */
  void countOperator(Token at) {
    if (++operators > MAX_OPERATORS) {
      throw parseError(at, "query has more than " + MAX_OPERATORS + " operators");
    }
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  Token previous() {
    return tokens.get(Math.max(pos - 1, 0));
  }

  Token advance() {
    Token t = tokens.get(pos);
    if (t.kind() != TokenKind.EOF) {
      pos++;
    }
    return t;
  }

  boolean accept(TokenKind kind) {
    if (peek().kind() == kind) {
      advance();
      return true;
    }
    return false;
  }

  /** Consumes a token of {@code kind} or fails with "expected {what}, found ...". */
  Token expect(TokenKind kind, String what) {
    if (peek().kind() != kind) {
      throw parseError(peek(), "expected " + what + ", found " + peek().describe());
    }
    return advance();
  }

  /** Fails with "expected {what} after 'prev', found ..." at the current token. */
  TraceQLException expectedAfter(String what) {
    Token prev = previous();
    String after = prev == peek() ? "" : " after '" + prev.text() + "'";
    return parseError(peek(), "expected " + what + after + ", found " + peek().describe());
  }

  static TraceQLException parseError(Token at, String detail) {
    return new TraceQLException("parse error", at.line(), at.column(), detail);
  }

  static TraceQLException typeError(Token at, String detail) {
    return new TraceQLException("type error", at.line(), at.column(), detail);
  }
}
