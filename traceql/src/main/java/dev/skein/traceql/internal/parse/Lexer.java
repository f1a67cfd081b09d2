package dev.skein.traceql.internal.parse;

import dev.skein.traceql.TraceQLException;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Hand-written TraceQL lexer producing the whole token list up front. Not API. */
final class Lexer {
  private static final Map<String, Scope> SCOPES =
      Map.of(
          "span", Scope.SPAN,
          "resource", Scope.RESOURCE,
          "event", Scope.EVENT,
          "link", Scope.LINK,
          "instrumentation", Scope.INSTRUMENTATION);
  private static final Set<String> INTRINSIC_SCOPES =
      Set.of("span", "trace", "event", "link", "instrumentation");
  // Characters that end an unquoted attribute name.
  private static final String NAME_TERMINATORS = "{}()[],=!<>&|^~+*/%\"'`";
  private static final String[] OPERATORS = {
    "!>>", "!<<", "&>>", "&<<", "!=", "!~", "!>", "!<", "&&", "&>", "&<", "&~", "||", "=~", ">>",
    "<<", ">=", "<=", "{", "}", "(", ")", ",", "|", "=", "<", ">", "~", "!", "+", "-", "*", "/",
    "%", "^"
  };
  private static final TokenKind[] OPERATOR_KINDS = {
    TokenKind.NOT_DESC,
    TokenKind.NOT_ANCE,
    TokenKind.UNION_DESC,
    TokenKind.UNION_ANCE,
    TokenKind.NEQ,
    TokenKind.NOT_TILDE,
    TokenKind.NOT_CHILD,
    TokenKind.NOT_PARENT,
    TokenKind.AND,
    TokenKind.UNION_CHILD,
    TokenKind.UNION_PARENT,
    TokenKind.UNION_SIBLING,
    TokenKind.OR,
    TokenKind.REGEX,
    TokenKind.DESC,
    TokenKind.ANCE,
    TokenKind.GTE,
    TokenKind.LTE,
    TokenKind.LBRACE,
    TokenKind.RBRACE,
    TokenKind.LPAREN,
    TokenKind.RPAREN,
    TokenKind.COMMA,
    TokenKind.PIPE,
    TokenKind.EQ,
    TokenKind.LT,
    TokenKind.GT,
    TokenKind.TILDE,
    TokenKind.NOT,
    TokenKind.ADD,
    TokenKind.SUB,
    TokenKind.MUL,
    TokenKind.DIV,
    TokenKind.MOD,
    TokenKind.POW
  };

  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;
  // Position of the token being read; strings may span lines, so it is taken before reading.
  private int tokenLine;
  private int tokenColumn;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) {
    Lexer lexer = new Lexer(src);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      skipWhitespace();
      if (pos >= src.length()) {
        tokens.add(new Token(TokenKind.EOF, "", line, column(pos), null));
        return;
      }
      int start = pos;
      tokenLine = line;
      tokenColumn = column(start);
      char c = src.charAt(pos);
      if (c == '"' || c == '`') {
        String s = c == '"' ? readQuoted() : readRaw();
        add(TokenKind.STRING, start, s);
      } else if (isDigit(c)) {
        NumberLexer.read(this, start);
      } else if (c == '.') {
        pos++;
        add(TokenKind.ATTRIBUTE, start, new Attribute(Scope.UNSCOPED, readName(start)));
      } else if (isIdentStart(c)) {
        readWord(start);
      } else {
        readOperator(start);
      }
    }
  }

  private void readWord(int start) {
    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
      pos++;
    }
    String word = src.substring(start, pos);
    char next = pos < src.length() ? src.charAt(pos) : '\0';
    if (next == '.') {
      Scope scope = SCOPES.get(word);
      if (scope == null) {
        throw error(
            start,
            "parent".equals(word)
                ? "the parent. scope is not supported"
                : "unknown attribute scope '"
                    + word
                    + "', expected span, resource, event, link or instrumentation");
      }
      pos++;
      add(TokenKind.ATTRIBUTE, start, new Attribute(scope, readName(start)));
    } else if (next == ':' && INTRINSIC_SCOPES.contains(word)) {
      pos++;
      int nameStart = pos;
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      String spelling = src.substring(start, pos);
      Intrinsic intrinsic =
          nameStart == pos || !spelling.contains(":") ? null : Intrinsic.forSpelling(spelling);
      if (intrinsic == null) {
        throw error(start, "unknown intrinsic '" + spelling + "'");
      }
      add(TokenKind.INTRINSIC, start, intrinsic);
    } else {
      add(TokenKind.IDENT, start, null);
    }
  }

  private String readName(int start) {
    if (pos < src.length() && src.charAt(pos) == '"') {
      String name = readQuoted();
      if (name.isEmpty()) {
        throw error(start, "attribute name must not be empty");
      }
      return name;
    }
    int nameStart = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c) || NAME_TERMINATORS.indexOf(c) >= 0) {
        break;
      }
      pos++;
    }
    if (nameStart == pos) {
      String found =
          pos >= src.length()
              ? "end of query"
              : Character.isWhitespace(src.charAt(pos))
                  ? "whitespace"
                  : "'" + src.charAt(pos) + "'";
      throw error(pos, "expected an attribute name after '.', found " + found);
    }
    return src.substring(nameStart, pos);
  }

  private String readQuoted() {
    int start = pos;
    pos++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error(start, "unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\n') {
        newline(pos - 1);
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= src.length()) {
        throw error(start, "unterminated string");
      }
      char e = src.charAt(pos++);
      switch (e) {
        case '"', '\\', '\'' -> b.append(e);
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'u' -> b.append(readUnicodeEscape());
        default -> throw error(pos - 2, "invalid escape '\\" + e + "' in string");
      }
    }
  }

  private char readUnicodeEscape() {
    int start = pos - 2;
    if (pos + 4 > src.length()) {
      throw error(start, "invalid unicode escape in string");
    }
    try {
      char c = (char) Integer.parseInt(src.substring(pos, pos + 4), 16);
      pos += 4;
      return c;
    } catch (NumberFormatException e) {
      throw error(start, "invalid unicode escape in string");
    }
  }

  private String readRaw() {
    int start = pos;
    int end = src.indexOf('`', pos + 1);
    if (end < 0) {
      throw error(start, "unterminated string");
    }
    for (int i = start; i < end; i++) {
      if (src.charAt(i) == '\n') {
        newline(i);
      }
    }
    pos = end + 1;
    return src.substring(start + 1, end);
  }

  private void readOperator(int start) {
    for (int i = 0; i < OPERATORS.length; i++) {
      if (src.startsWith(OPERATORS[i], pos)) {
        pos += OPERATORS[i].length();
        add(OPERATOR_KINDS[i], start, null);
        return;
      }
    }
    throw error(start, "unexpected character '" + src.charAt(start) + "'");
  }

  private void skipWhitespace() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        newline(pos);
      } else if (!Character.isWhitespace(c)) {
        return;
      }
      pos++;
    }
  }

  private void newline(int offset) {
    line++;
    lineStart = offset + 1;
  }

  void add(TokenKind kind, int start, @Nullable Object value) {
    tokens.add(new Token(kind, src.substring(start, pos), tokenLine, tokenColumn, value));
  }

  TraceQLException error(int offset, String detail) {
    int errorLine = 1;
    int errorLineStart = 0;
    for (int i = 0; i < offset && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        errorLine++;
        errorLineStart = i + 1;
      }
    }
    return new TraceQLException("parse error", errorLine, offset - errorLineStart + 1, detail);
  }

  String src() {
    return src;
  }

  int pos() {
    return pos;
  }

  void pos(int newPos) {
    this.pos = newPos;
  }

  private int column(int offset) {
    return offset - lineStart + 1;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
