package dev.skein.traceql.internal.parse;

import dev.skein.traceql.TraceQLException;
import java.util.List;

/** Position in the token list, with error helpers shared by the parsers. Not API. */
final class TokenCursor {
  private final List<Token> tokens;
  private int pos;

  TokenCursor(List<Token> tokens) {
    this.tokens = tokens;
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
