package dev.skein.traceql.ast;

import java.util.List;
import java.util.stream.Collectors;

/** {@code by(a, b)}: regroups the spans of each spanset by the values of the expressions. */
public record GroupBy(List<FieldExpr> fields) implements PipelineStage {
  /** Creates a grouping by at least one expression. */
  public GroupBy {
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields must not be empty");
    }
  }

  @Override
  public String toString() {
    return "by(" + fields.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
  }
}
