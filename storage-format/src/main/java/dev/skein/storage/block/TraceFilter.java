package dev.skein.storage.block;

import dev.skein.traceql.plan.Condition;
import java.util.List;

/**
 * What a trace must hold to possibly match a query, in terms storage can check on stored columns
 * before assembling spans: some span satisfying all of a set of conditions, and and-or combinations
 * of such. A filter only narrows candidates: the query is still evaluated on the traces it lets
 * through, so a filter may be weaker than the query (never stronger).
 */
public sealed interface TraceFilter {

  /** Lets every trace through: nothing to check. */
  TraceFilter ANY = new Spans(List.of());

  /**
   * Some span of the trace satisfies every condition (each with an operator); with no conditions,
   * every trace.
   */
  record Spans(List<Condition> conditions) implements TraceFilter {
    /** Copies the conditions; each must have an operator. */
    public Spans {
      conditions = List.copyOf(conditions);
      for (Condition c : conditions) {
        if (c.isFetchOnly()) {
          throw new IllegalArgumentException("fetch-only condition " + c + " in a trace filter");
        }
      }
    }
  }

  /** Every part holds (possibly on different spans). */
  record All(List<TraceFilter> parts) implements TraceFilter {
    /** Copies the parts. */
    public All {
      parts = List.copyOf(parts);
    }
  }

  /** At least one part holds. */
  record Either(List<TraceFilter> parts) implements TraceFilter {
    /** Copies the parts. */
    public Either {
      parts = List.copyOf(parts);
    }
  }

  /** Whether this filter lets every trace through. */
  default boolean isAny() {
    return switch (this) {
      case Spans s -> s.conditions().isEmpty();
      case All a -> a.parts().stream().allMatch(TraceFilter::isAny);
      case Either e -> e.parts().stream().anyMatch(TraceFilter::isAny);
    };
  }
}
