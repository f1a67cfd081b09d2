package dev.skein.traceql.internal.parse;

/** Lexical token kinds. Not API. */
enum TokenKind {
  LBRACE("'{'"),
  RBRACE("'}'"),
  LPAREN("'('"),
  RPAREN("')'"),
  COMMA("','"),
  PIPE("'|'"),
  EQ("'='"),
  NEQ("'!='"),
  LT("'<'"),
  LTE("'<='"),
  GT("'>'"),
  GTE("'>='"),
  REGEX("'=~'"),
  /** {@code !~}: negated regex match inside a filter, negated sibling between spansets. */
  NOT_TILDE("'!~'"),
  AND("'&&'"),
  OR("'||'"),
  NOT("'!'"),
  ADD("'+'"),
  SUB("'-'"),
  MUL("'*'"),
  DIV("'/'"),
  MOD("'%'"),
  POW("'^'"),
  DESC("'>>'"),
  ANCE("'<<'"),
  TILDE("'~'"),
  NOT_CHILD("'!>'"),
  NOT_PARENT("'!<'"),
  NOT_DESC("'!>>'"),
  NOT_ANCE("'!<<'"),
  UNION_CHILD("'&>'"),
  UNION_PARENT("'&<'"),
  UNION_DESC("'&>>'"),
  UNION_ANCE("'&<<'"),
  UNION_SIBLING("'&~'"),
  STRING("string"),
  INT("number"),
  FLOAT("number"),
  DURATION("duration"),
  IDENT("identifier"),
  ATTRIBUTE("attribute"),
  INTRINSIC("intrinsic"),
  EOF("end of query");

  private final String display;

  TokenKind(String display) {
    this.display = display;
  }

  String display() {
    return display;
  }
}
