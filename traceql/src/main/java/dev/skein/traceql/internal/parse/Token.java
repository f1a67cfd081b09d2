package dev.skein.traceql.internal.parse;

import org.jspecify.annotations.Nullable;

/**
 * A token with its source position. {@code value} holds the decoded literal: String for strings,
 * Long for ints and durations (nanoseconds), Double for floats, an Attribute or an Intrinsic.
 */
record Token(TokenKind kind, String text, int line, int column, @Nullable Object value) {

  /** Describes the token for error messages, e.g. {@code '}'} or {@code string "abc"}. */
  String describe() {
    return switch (kind) {
      case STRING -> "string " + text;
      case INT, FLOAT -> "number " + text;
      case DURATION -> "duration " + text;
      case IDENT -> "'" + text + "'";
      case ATTRIBUTE -> "attribute " + text;
      case INTRINSIC -> "intrinsic " + text;
      default -> kind.display();
    };
  }

  boolean isIdent(String word) {
    return kind == TokenKind.IDENT && text.equals(word);
  }
}
