package dev.skein.traceql.internal.parse;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.Hints;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import dev.skein.traceql.ast.Coalesce;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.GroupBy;
import dev.skein.traceql.ast.Pipeline;
import dev.skein.traceql.ast.PipelineStage;
import dev.skein.traceql.ast.Select;
import dev.skein.traceql.ast.SpansetExpr;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOperation;
import dev.skein.traceql.ast.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser for whole queries: pipelines, spanset operators, filters and hints.
 * Field and scalar expressions are delegated to {@link FieldParser} and {@link ScalarParser}. Not
 * API: use {@link dev.skein.traceql.TraceQL#parse(String)}.
 */
public final class Parser {
  private static final Set<String> METRICS =
      Set.of(
          "rate",
          "count_over_time",
          "sum_over_time",
          "min_over_time",
          "max_over_time",
          "avg_over_time",
          "quantile_over_time",
          "histogram_over_time",
          "compare",
          "topk",
          "bottomk");

  private final TokenCursor in;
  private final FieldParser fields;
  private final ScalarParser scalars;

  private Parser(List<Token> tokens) {
    this.in = new TokenCursor(tokens);
    this.fields = new FieldParser(in);
    this.scalars = new ScalarParser(in, fields);
  }

  /** Parses and type-checks {@code query}; see {@link dev.skein.traceql.TraceQL#parse(String)}. */
  public static Query parse(String query) {
    requireNonNull(query, "query");
    if (query.length() > TraceQL.MAX_QUERY_LENGTH) {
      throw new TraceQLException(
          "parse error",
          1,
          1,
          "query is "
              + query.length()
              + " characters long, the limit is "
              + TraceQL.MAX_QUERY_LENGTH);
    }
    return new Parser(Lexer.tokenize(query)).query();
  }

  private Query query() {
    if (in.peek().kind() == TokenKind.EOF) {
      throw TokenCursor.parseError(in.peek(), "empty query, expected a spanset such as { }");
    }
    SpansetExpr root = pipeline();
    Hints hints = Hints.NONE;
    if (in.peek().isIdent("with")) {
      hints = hints();
    }
    Token extra = in.peek();
    if (extra.kind() != TokenKind.EOF) {
      boolean spansetOperator =
          spansetOp(extra.kind()) != null
              && extra.kind() != TokenKind.GT
              && extra.kind() != TokenKind.LT;
      if (root instanceof Pipeline && hints == Hints.NONE && spansetOperator) {
        throw TokenCursor.parseError(
            extra,
            "expected '|' or end of query, found "
                + extra.describe()
                + "; put a pipeline in parentheses to combine it with spanset operators");
      }
      throw TokenCursor.parseError(
          extra, "expected '|', a spanset operator or end of query, found " + extra.describe());
    }
    return new Query(root, hints);
  }

  private SpansetExpr pipeline() {
    in.enter();
    SpansetExpr result = pipelineNested();
    in.exit();
    return result;
  }

  private SpansetExpr pipelineNested() {
    SpansetExpr source = spansetExpression(0);
    List<PipelineStage> stages = new ArrayList<>();
    while (in.accept(TokenKind.PIPE)) {
      stages.add(stage());
    }
    return Pipeline.of(source, stages);
  }

  private PipelineStage stage() {
    Token t = in.peek();
    if (t.kind() == TokenKind.IDENT) {
      switch (t.text()) {
        case "by" -> {
          in.advance();
          return new GroupBy(fieldList("by"));
        }
        case "select" -> {
          in.advance();
          return new Select(fieldList("select"));
        }
        case "coalesce" -> {
          in.advance();
          in.expect(TokenKind.LPAREN, "'(' after coalesce");
          in.expect(TokenKind.RPAREN, "')', coalesce() takes no argument");
          return new Coalesce();
        }
        default -> {
          if (METRICS.contains(t.text())) {
            throw TokenCursor.parseError(
                t, "metrics function " + t.text() + "() is not supported yet");
          }
        }
      }
    }
    int ahead = 0;
    while (in.peek(ahead).kind() == TokenKind.LPAREN) {
      ahead++;
    }
    if (ScalarParser.startsScalar(in.peek(ahead))) {
      return scalars.filter();
    }
    if (t.kind() == TokenKind.LBRACE || t.kind() == TokenKind.LPAREN) {
      return spansetExpression(0);
    }
    throw in.expectedAfter("a spanset, by(), select(), coalesce() or an aggregate such as count()");
  }

  private List<FieldExpr> fieldList(String function) {
    in.expect(TokenKind.LPAREN, "'(' after " + function);
    if (in.peek().kind() == TokenKind.RPAREN) {
      throw TokenCursor.parseError(in.peek(), function + "() needs at least one argument");
    }
    List<FieldExpr> list = new ArrayList<>();
    do {
      list.add(fields.expression());
    } while (in.accept(TokenKind.COMMA));
    in.expect(TokenKind.RPAREN, "',' or ')' in " + function + "()");
    return list;
  }

  private SpansetExpr spansetExpression(int minPrecedence) {
    in.enter();
    SpansetExpr result = spansetExpressionNested(minPrecedence);
    in.exit();
    return result;
  }

  private SpansetExpr spansetExpressionNested(int minPrecedence) {
    SpansetExpr left = spansetPrimary();
    while (true) {
      Token opToken = in.peek();
      SpansetOp op = spansetOp(opToken.kind());
      if (op == null || op.precedence() <= minPrecedence) {
        return left;
      }
      in.advance();
      in.countOperator(opToken);
      SpansetExpr right = spansetExpression(op.precedence());
      left = new SpansetOperation(op, left, right);
    }
  }

  private SpansetExpr spansetPrimary() {
    if (in.accept(TokenKind.LBRACE)) {
      if (in.accept(TokenKind.RBRACE)) {
        return new SpansetFilter(null);
      }
      Token start = in.peek();
      FieldExpr e = fields.expression();
      if (in.peek().kind() != TokenKind.RBRACE) {
        throw in.expectedAfter("an operator or '}'");
      }
      if (!TypeRules.isBoolean(TypeRules.typeOf(e))) {
        throw TokenCursor.typeError(
            start,
            "a spanset filter needs a boolean expression, found "
                + TypeRules.typeOf(e).displayName());
      }
      in.advance();
      return new SpansetFilter(e);
    }
    if (in.accept(TokenKind.LPAREN)) {
      SpansetExpr e = pipeline();
      in.expect(TokenKind.RPAREN, "')'");
      return e;
    }
    throw in.expectedAfter("a spanset such as { ... }");
  }

  private Hints hints() {
    in.advance();
    in.expect(TokenKind.LPAREN, "'(' after with");
    Map<String, Value> values = new LinkedHashMap<>();
    do {
      Token name = in.expect(TokenKind.IDENT, "a hint name such as most_recent");
      in.expect(TokenKind.EQ, "'=' after hint " + name.text());
      boolean negative = in.accept(TokenKind.SUB);
      Value v = FieldParser.literal(in.peek());
      if (v != null && negative) {
        v = FieldParser.negate(v);
      }
      if (v == null || v instanceof Value.Nil) {
        throw in.expectedAfter("a hint value");
      }
      in.advance();
      if (values.put(name.text(), v) != null) {
        throw TokenCursor.parseError(name, "duplicate hint " + name.text());
      }
    } while (in.accept(TokenKind.COMMA));
    in.expect(TokenKind.RPAREN, "',' or ')' in with()");
    return new Hints(values);
  }

  private static @Nullable SpansetOp spansetOp(TokenKind kind) {
    return switch (kind) {
      case AND -> SpansetOp.AND;
      case OR -> SpansetOp.OR;
      case GT -> SpansetOp.CHILD;
      case LT -> SpansetOp.PARENT;
      case DESC -> SpansetOp.DESCENDANT;
      case ANCE -> SpansetOp.ANCESTOR;
      case TILDE -> SpansetOp.SIBLING;
      case NOT_CHILD -> SpansetOp.NOT_CHILD;
      case NOT_PARENT -> SpansetOp.NOT_PARENT;
      case NOT_DESC -> SpansetOp.NOT_DESCENDANT;
      case NOT_ANCE -> SpansetOp.NOT_ANCESTOR;
      case NOT_TILDE -> SpansetOp.NOT_SIBLING;
      case UNION_CHILD -> SpansetOp.UNION_CHILD;
      case UNION_PARENT -> SpansetOp.UNION_PARENT;
      case UNION_DESC -> SpansetOp.UNION_DESCENDANT;
      case UNION_ANCE -> SpansetOp.UNION_ANCESTOR;
      case UNION_SIBLING -> SpansetOp.UNION_SIBLING;
      default -> null;
    };
  }
}
