package dev.skein.traceql.internal.parse;

import com.google.re2j.PatternSyntaxException;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.UnaryExpr;
import dev.skein.traceql.ast.UnaryOp;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.internal.eval.Regexes;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Pratt parser for the expressions inside spanset filters, by(), select() and aggregates. */
final class FieldParser {
  private final TokenCursor in;

  FieldParser(TokenCursor in) {
    this.in = in;
  }

  FieldExpr expression() {
    return expression(0);
  }

  private FieldExpr expression(int minPrecedence) {
    in.enter();
    FieldExpr result = expressionNested(minPrecedence);
    in.exit();
    return result;
  }

  private FieldExpr expressionNested(int minPrecedence) {
    FieldExpr left = unary();
    while (true) {
      Token opToken = in.peek();
      BinaryOp op = binaryOp(opToken.kind());
      if (op == null || op.precedence() <= minPrecedence) {
        return left;
      }
      in.advance();
      in.countOperator(opToken);
      Token rightToken = in.peek();
      FieldExpr right = expression(op.isRightAssociative() ? op.precedence() - 1 : op.precedence());
      left = binary(op, left, right, opToken, rightToken);
    }
  }

  private FieldExpr binary(
      BinaryOp op, FieldExpr left, FieldExpr right, Token opToken, Token rightToken) {
    String error = TypeRules.checkBinary(op, TypeRules.typeOf(left), TypeRules.typeOf(right));
    if (error != null) {
      throw TokenCursor.typeError(opToken, error);
    }
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      if (!(right instanceof Literal l && l.value() instanceof Value.Str s)) {
        throw TokenCursor.typeError(rightToken, "a regular expression must be a string literal");
      }
      if (s.value().length() > TraceQL.MAX_REGEX_LENGTH) {
        throw TokenCursor.typeError(
            rightToken,
            "regular expression is "
                + s.value().length()
                + " characters long, the limit is "
                + TraceQL.MAX_REGEX_LENGTH);
      }
      String tooComplex = Regexes.complexityError(s.value());
      if (tooComplex != null) {
        throw TokenCursor.typeError(rightToken, "regular expression " + s + ": " + tooComplex);
      }
      try {
        Regexes.compile(s.value());
      } catch (PatternSyntaxException e) {
        throw TokenCursor.typeError(
            rightToken, "invalid regular expression " + s + ": " + e.getDescription());
      }
    }
    return new BinaryExpr(op, left, right);
  }

  private FieldExpr unary() {
    in.enter();
    FieldExpr result = unaryNested();
    in.exit();
    return result;
  }

  private FieldExpr unaryNested() {
    Token t = in.peek();
    UnaryOp op =
        t.kind() == TokenKind.NOT ? UnaryOp.NOT : t.kind() == TokenKind.SUB ? UnaryOp.NEG : null;
    if (op == null) {
      return primary();
    }
    in.advance();
    FieldExpr operand = unary();
    if (op == UnaryOp.NEG && operand instanceof Literal l) {
      Value negated = negate(l.value());
      if (negated != null) {
        return new Literal(negated);
      }
    }
    String error = TypeRules.checkUnary(op, TypeRules.typeOf(operand));
    if (error != null) {
      throw TokenCursor.typeError(t, error);
    }
    return new UnaryExpr(op, operand);
  }

  private FieldExpr primary() {
    Token t = in.peek();
    switch (t.kind()) {
      case LPAREN -> {
        in.advance();
        FieldExpr e = expression(0);
        in.expect(TokenKind.RPAREN, "')'");
        return e;
      }
      case STRING, INT, FLOAT, DURATION -> {
        in.advance();
        return new Literal(Objects.requireNonNull(literal(t)));
      }
      case ATTRIBUTE -> {
        in.advance();
        return (Attribute) Objects.requireNonNull(t.value());
      }
      case INTRINSIC -> {
        in.advance();
        return new IntrinsicField((Intrinsic) Objects.requireNonNull(t.value()));
      }
      case IDENT -> {
        in.advance();
        return identifier(t);
      }
      default -> throw in.expectedAfter("a value");
    }
  }

  private FieldExpr identifier(Token t) {
    Value keyword = keyword(t.text());
    if (keyword != null) {
      return new Literal(keyword);
    }
    Intrinsic legacy = Intrinsic.forSpelling(t.text());
    if (legacy != null) {
      return new IntrinsicField(legacy);
    }
    throw TokenCursor.parseError(
        t,
        "unknown identifier '"
            + t.text()
            + "', attributes need a scope such as ."
            + t.text()
            + " or span."
            + t.text());
  }

  /** Decodes a literal token (string, number, duration); null for other tokens. */
  static @Nullable Value literal(Token t) {
    Object v = t.value();
    return switch (t.kind()) {
      case STRING -> Value.of((String) Objects.requireNonNull(v));
      case INT -> Value.of((long) (Long) Objects.requireNonNull(v));
      case FLOAT -> Value.of((double) (Double) Objects.requireNonNull(v));
      case DURATION -> Value.durationNanos((Long) Objects.requireNonNull(v));
      case IDENT -> keyword(t.text());
      default -> null;
    };
  }

  /** Keyword literals: booleans, nil, statuses, kinds, minInt and maxInt. */
  static @Nullable Value keyword(String word) {
    return switch (word) {
      case "true" -> Value.of(true);
      case "false" -> Value.of(false);
      case "nil" -> new Value.Nil();
      case "ok", "error", "unset" ->
          new Value.Status(StatusCode.valueOf(word.toUpperCase(Locale.ROOT)));
      case "server", "client", "producer", "consumer", "internal", "unspecified" ->
          new Value.Kind(SpanKind.valueOf(word.toUpperCase(Locale.ROOT)));
      case "minInt" -> Value.of(Long.MIN_VALUE);
      case "maxInt" -> Value.of(Long.MAX_VALUE);
      default -> null;
    };
  }

  static @Nullable Value negate(Value v) {
    return switch (v) {
      case Value.Int i when i.value() != Long.MIN_VALUE -> Value.of(-i.value());
      case Value.Float f -> Value.of(-f.value());
      case Value.Duration d when d.nanos() != Long.MIN_VALUE -> Value.durationNanos(-d.nanos());
      default -> null;
    };
  }

  static @Nullable BinaryOp binaryOp(TokenKind kind) {
    return switch (kind) {
      case OR -> BinaryOp.OR;
      case AND -> BinaryOp.AND;
      case EQ -> BinaryOp.EQ;
      case NEQ -> BinaryOp.NEQ;
      case LT -> BinaryOp.LT;
      case LTE -> BinaryOp.LTE;
      case GT -> BinaryOp.GT;
      case GTE -> BinaryOp.GTE;
      case REGEX -> BinaryOp.REGEX;
      case NOT_TILDE -> BinaryOp.NOT_REGEX;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }
}
