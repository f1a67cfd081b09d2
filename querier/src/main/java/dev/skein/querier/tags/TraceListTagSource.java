package dev.skein.querier.tags;

import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.trace.view.TagCollector;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.ast.FieldExpr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Tags read by walking traces held in memory (recent data). Thread-safe if the loader is. */
public final class TraceListTagSource implements TagSource {

  private final Function<String, List<Trace>> tracesOfTenant;

  /** Creates the source over a tenant → traces function. */
  public TraceListTagSource(Function<String, List<Trace>> tracesOfTenant) {
    this.tracesOfTenant = tracesOfTenant;
  }

  @Override
  public Map<String, Set<String>> tagNames(String tenant, TagRequest request) {
    TagCollector collector = new TagCollector(request.filter(), request.limit());
    for (Trace trace : tracesOfTenant.apply(tenant)) {
      OtlpTraceView view = new OtlpTraceView(trace);
      if (request.window().overlaps(view.startNanos(), view.endNanos())) {
        collector.addNames(view);
      }
    }
    return collector.names();
  }

  @Override
  public Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request) {
    TagCollector collector = new TagCollector(request.filter(), request.limit());
    for (Trace trace : tracesOfTenant.apply(tenant)) {
      OtlpTraceView view = new OtlpTraceView(trace);
      if (request.window().overlaps(view.startNanos(), view.endNanos())) {
        collector.addValues(view, field);
      }
    }
    return collector.values();
  }
}
