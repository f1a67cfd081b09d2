package dev.skein.traceql.plan;

import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.SpansetExpr;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The leaf conditions of a query, for pushdown into storage.
 *
 * <p>When {@code allConditions} is true, a span can only take part in a result if it satisfies
 * every condition that has an operator (fetch-only conditions never restrict): storage may then
 * skip a block, row group or trace in which no single span satisfies them all. When false (the
 * query has {@code ||}, spanset operators or structural operators), conditions may be satisfied by
 * different spans or not at all, and storage must not prune on them; it may still use them to
 * choose which columns to read.
 *
 * @param conditions distinct conditions in query order
 * @param allConditions whether every condition with an operator must hold on one matching span
 */
public record Conditions(List<Condition> conditions, boolean allConditions) {
  /** Creates the plan. */
  public Conditions {
    conditions = List.copyOf(conditions);
  }

  /**
   * The distinct fields the query reads ({@link dev.skein.traceql.ast.Attribute}s and {@link
   * dev.skein.traceql.ast.IntrinsicField}s), in query order: the columns storage must fetch besides
   * those it needs for every result (ids, start time, nested-set numbers).
   */
  public Set<FieldExpr> fields() {
    Set<FieldExpr> fields = new LinkedHashSet<>();
    conditions.forEach(c -> fields.add(c.field()));
    return fields;
  }

  /** Extracts the conditions of a spanset expression. */
  public static Conditions of(SpansetExpr root) {
    return ConditionCollector.collect(root);
  }
}
