package dev.skein.traceql.internal.parse;

import dev.skein.traceql.ast.AggregateFn;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.ScalarExpr;
import dev.skein.traceql.ast.ScalarFilter;
import dev.skein.traceql.ast.Value;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses scalar filters such as {@code count() > 3} or {@code avg(duration) >= 1s}. Not API. */
final class ScalarParser {
  static final Set<String> AGGREGATES = Set.of("count", "avg", "min", "max", "sum");

  private final TokenCursor in;
  private final FieldParser fields;

  ScalarParser(TokenCursor in, FieldParser fields) {
    this.in = in;
    this.fields = fields;
  }

  static boolean startsScalar(Token t) {
    return switch (t.kind()) {
      case INT, FLOAT, DURATION, SUB -> true;
      case IDENT -> AGGREGATES.contains(t.text());
      default -> false;
    };
  }

  ScalarFilter filter() {
    ScalarExpr left = expression(0);
    Token opToken = in.peek();
    BinaryOp op = FieldParser.binaryOp(opToken.kind());
    if (op == null || !op.isComparison() || op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      throw in.expectedAfter("a comparison such as '> 3'");
    }
    in.advance();
    ScalarExpr right = expression(0);
    String error = TypeRules.checkBinary(op, TypeRules.typeOf(left), TypeRules.typeOf(right));
    if (error != null) {
      throw TokenCursor.typeError(opToken, error);
    }
    return new ScalarFilter(op, left, right);
  }

  private ScalarExpr expression(int minPrecedence) {
    in.enter();
    ScalarExpr result = expressionNested(minPrecedence);
    in.exit();
    return result;
  }

  private ScalarExpr expressionNested(int minPrecedence) {
    ScalarExpr left = unary();
    while (true) {
      Token opToken = in.peek();
      BinaryOp op = FieldParser.binaryOp(opToken.kind());
      if (op == null || !op.isArithmetic() || op.precedence() <= minPrecedence) {
        return left;
      }
      in.advance();
      in.countOperator(opToken);
      ScalarExpr right =
          expression(op.isRightAssociative() ? op.precedence() - 1 : op.precedence());
      String error = TypeRules.checkBinary(op, TypeRules.typeOf(left), TypeRules.typeOf(right));
      if (error != null) {
        throw TokenCursor.typeError(opToken, error);
      }
      left = new ScalarExpr.Binary(op, left, right);
    }
  }

  private ScalarExpr unary() {
    in.enter();
    ScalarExpr result = unaryNested();
    in.exit();
    return result;
  }

  private ScalarExpr unaryNested() {
    Token t = in.peek();
    if (t.kind() != TokenKind.SUB) {
      return primary();
    }
    in.advance();
    ScalarExpr operand = unary();
    Value negated = operand instanceof ScalarExpr.Constant c ? FieldParser.negate(c.value()) : null;
    if (negated != null) {
      return new ScalarExpr.Constant(negated);
    }
    return new ScalarExpr.Binary(BinaryOp.SUB, new ScalarExpr.Constant(Value.of(0L)), operand);
  }

  private ScalarExpr primary() {
    Token t = in.peek();
    switch (t.kind()) {
      case LPAREN -> {
        in.advance();
        ScalarExpr e = expression(0);
        in.expect(TokenKind.RPAREN, "')'");
        return e;
      }
      case INT, FLOAT, DURATION -> {
        in.advance();
        return new ScalarExpr.Constant(Objects.requireNonNull(FieldParser.literal(t)));
      }
      case IDENT -> {
        if (AGGREGATES.contains(t.text())) {
          in.advance();
          return aggregate(AggregateFn.valueOf(t.text().toUpperCase(Locale.ROOT)));
        }
        throw in.expectedAfter("a number or an aggregate such as count()");
      }
      default -> throw in.expectedAfter("a number or an aggregate such as count()");
    }
  }

  private ScalarExpr aggregate(AggregateFn fn) {
    in.expect(TokenKind.LPAREN, "'(' after " + fn.functionName());
    if (fn == AggregateFn.COUNT) {
      in.expect(TokenKind.RPAREN, "')', count() takes no argument");
      return new ScalarExpr.Aggregate(fn, null);
    }
    if (in.peek().kind() == TokenKind.RPAREN) {
      throw TokenCursor.parseError(in.peek(), fn.functionName() + "() needs an argument");
    }
    Token argToken = in.peek();
    FieldExpr argument = fields.expression();
    @Nullable String error = TypeRules.checkAggregate(fn, TypeRules.typeOf(argument));
    if (error != null) {
      throw TokenCursor.typeError(argToken, error);
    }
    in.expect(TokenKind.RPAREN, "')' to close " + fn.functionName() + "(");
    return new ScalarExpr.Aggregate(fn, argument);
  }
}
