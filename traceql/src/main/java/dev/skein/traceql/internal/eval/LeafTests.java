package dev.skein.traceql.internal.eval;

import com.google.re2j.Pattern;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Value;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The test a compiled spanset filter applies to one field value compared with a literal, for
 * storage that evaluates conditions on stored columns before assembling spans: the same code paths
 * as {@link FieldCompiler}, so the answer is exactly the engine's. Not API: use {@link
 * dev.skein.traceql.plan.Condition#test()}.
 */
public final class LeafTests {

  private LeafTests() {}

  /**
   * The test of {@code field op operand} (field on the left). Regexes are compiled once, here.
   *
   * @throws IllegalArgumentException when {@code op} is not a comparison or a regex has no string
   */
  public static Predicate<@Nullable Value> of(BinaryOp op, Value operand) {
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      if (!(operand instanceof Value.Str s)) {
        throw new IllegalArgumentException("a regex needs a string operand, was " + operand);
      }
      Pattern pattern = Regexes.compile(s.value());
      boolean negated = op == BinaryOp.NOT_REGEX;
      return v -> FieldCompiler.matches(pattern, v, negated);
    }
    if (!op.isComparison()) {
      throw new IllegalArgumentException("not a comparison: " + op);
    }
    if (operand instanceof Value.Nil) {
      boolean wantAbsent = op == BinaryOp.EQ;
      return v -> (v == null) == wantAbsent;
    }
    return v -> Compare.test(op, v, operand);
  }
}
