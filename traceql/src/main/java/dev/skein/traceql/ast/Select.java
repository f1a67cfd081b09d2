package dev.skein.traceql.ast;

import java.util.List;
import java.util.stream.Collectors;

/** {@code select(a, b)}: returns the values of extra expressions with each matched span. */
public record Select(List<FieldExpr> fields) implements PipelineStage {
  /** Creates a selection of at least one expression. */
  public Select {
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields must not be empty");
    }
  }

  @Override
  public String toString() {
    return "select("
        + fields.stream().map(Object::toString).collect(Collectors.joining(", "))
        + ")";
  }
}
