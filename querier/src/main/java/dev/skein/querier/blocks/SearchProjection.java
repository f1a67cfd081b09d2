package dev.skein.querier.blocks;

import dev.skein.storage.block.TraceProjection;
import dev.skein.storage.block.TraceProjection.Part;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.plan.Conditions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of the spans a search must read from a block: those holding a field the query reads
 * (conditions, {@code select()}, {@code by()}, aggregates). The rest of a search result (ids, name,
 * times, status, resource for the service name and statistics) is always read. Evaluating the query
 * on traces projected this way gives exactly the result of evaluating it on whole traces, because
 * the evaluator reads no other field. Stateless.
 */
final class SearchProjection {

  private SearchProjection() {}

  static TraceProjection of(Conditions conditions) {
    Set<Part> parts = EnumSet.noneOf(Part.class);
    for (FieldExpr field : conditions.fields()) {
      switch (field) {
        case Attribute a -> {
          switch (a.scope()) {
            case SPAN, UNSCOPED -> parts.add(Part.SPAN_ATTRIBUTES);
            case EVENT -> parts.add(Part.EVENTS);
            case LINK -> parts.add(Part.LINKS);
            case INSTRUMENTATION -> parts.add(Part.SCOPE);
            case RESOURCE -> {} // always read
          }
        }
        case IntrinsicField i -> {
          switch (i.intrinsic()) {
            case STATUS_MESSAGE -> parts.add(Part.STATUS_MESSAGE);
            case EVENT_NAME, EVENT_TIME_SINCE_START -> parts.add(Part.EVENTS);
            case LINK_TRACE_ID, LINK_SPAN_ID -> parts.add(Part.LINKS);
            case INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION -> parts.add(Part.SCOPE);
            default -> {} // span and trace intrinsics come from the always-read columns
          }
        }
        default -> {
          // a field the storage cannot narrow down: read everything
          return TraceProjection.ALL;
        }
      }
    }
    return new TraceProjection(parts);
  }
}
