package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline {@code source | stage | stage ...}. The canonical form is flat: a pipeline never has a
 * pipeline as its source or as a spanset stage, since feeding spansets through nested pipelines is
 * the same as running their stages in sequence.
 */
public record Pipeline(SpansetExpr source, List<PipelineStage> stages) implements SpansetExpr {
  /** Creates a pipeline with at least one stage. */
  public Pipeline {
    requireNonNull(source, "source");
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("stages must not be empty");
    }
  }

  /**
   * Builds the canonical (flattened) form of {@code source | stages...}; returns {@code source}
   * itself when there are no stages.
   */
  public static SpansetExpr of(SpansetExpr source, List<? extends PipelineStage> stages) {
    List<PipelineStage> flat = new ArrayList<>();
    SpansetExpr head = source;
    if (source instanceof Pipeline p) {
      head = p.source();
      flat.addAll(p.stages());
    }
    for (PipelineStage stage : stages) {
      if (stage instanceof Pipeline p) {
        flat.add(p.source());
        flat.addAll(p.stages());
      } else {
        flat.add(stage);
      }
    }
    return flat.isEmpty() ? head : new Pipeline(head, flat);
  }

  @Override
  public String toString() {
    return Printer.wrap(source, Printer.spansetPrecedence(source) <= 0)
        + stages.stream().map(s -> " | " + s).collect(Collectors.joining());
  }
}
