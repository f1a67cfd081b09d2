package dev.skein.querier.analysis;

import dev.skein.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a trace into answers: where the time went (self time, critical path, time per service) and
 * which known bad shapes it has ({@link FindingType}). Tolerates messy input: spans whose parent is
 * missing become roots of their own, duplicate span ids are dropped, negative durations count as 0,
 * children outside their parent (clock skew) are clipped to it, parent cycles are cut; each
 * workaround is listed in {@link TraceAnalysis#warnings()}. Runs in O(n log n) in the number of
 * spans. Stateless and thread-safe.
 */
public final class TraceAnalyzer {

  private final AnalysisConfig config;

  /** An analyzer with the given thresholds. */
  public TraceAnalyzer(AnalysisConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Analyses {@code trace}. Never throws on odd data; an empty trace gives an empty analysis.
   *
   * @param trace the trace, as combined by the querier
   * @return the analysis; times in nanoseconds
   */
  public TraceAnalysis analyze(Trace trace) {
    SpanGraph graph = SpanGraph.of(trace);
    List<String> warnings = new ArrayList<>(graph.warnings);
    int skewed = Timing.selfTimes(graph);
    if (skewed > 0) {
      warnings.add(
          skewed
              + (skewed == 1 ? " span lies" : " spans lie")
              + " partly or wholly outside its parent (clock skew?); its time was clipped to the"
              + " parent");
    }
    SpanNode root = graph.mainRoot();
    List<CriticalPathSegment> path = root == null ? List.of() : Timing.criticalPath(graph, root);
    boolean[] onPath = onPath(graph);
    List<SpanAnalysis> spans = new ArrayList<>(graph.nodes.size());
    for (SpanNode n : graph.nodes) {
      spans.add(
          new SpanAnalysis(
              n.spanId,
              n.parentSpanId,
              n.service,
              n.name(),
              n.start - graph.start,
              n.duration(),
              n.selfNanos,
              n.depth,
              n.criticalNanos,
              onPath[n.index],
              n.error));
    }
    return new TraceAnalysis(
        trace.traceId(),
        graph.start,
        graph.duration(),
        graph.nodes.size(),
        spans,
        services(graph),
        path,
        findings(graph),
        warnings);
  }

  private List<Finding> findings(SpanGraph graph) {
    List<Finding> all = new ArrayList<>();
    List<Finding> repeated = RepeatedCalls.find(graph, config);
    for (FindingType type : List.of(FindingType.RETRY_STORM, FindingType.N_PLUS_ONE)) {
      all.addAll(capped(repeated.stream().filter(f -> f.type() == type).toList()));
    }
    all.addAll(capped(FanOut.find(graph, config)));
    all.addAll(capped(Gaps.idle(graph, config)));
    all.addAll(capped(Gaps.network(graph, config)));
    all.addAll(capped(Propagation.find(graph)));
    all.addAll(capped(ErrorCauses.find(graph)));
    all.sort(Findings.MOST_IMPORTANT_FIRST);
    return all;
  }

  private List<Finding> capped(List<Finding> findings) {
    return Findings.top(findings, config.maxFindingsPerType());
  }

  /**
   * A span is on the critical path when it contributes time to it or one of its descendants does.
   */
  private static boolean[] onPath(SpanGraph graph) {
    boolean[] onPath = new boolean[graph.nodes.size()];
    for (SpanNode node : graph.nodes) {
      if (node.criticalNanos > 0) {
        for (SpanNode n = node; n != null && !onPath[n.index]; n = n.parent) {
          onPath[n.index] = true;
        }
      }
    }
    return onPath;
  }

  private static List<ServiceAnalysis> services(SpanGraph graph) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (SpanNode n : graph.nodes) {
      long[] t = totals.computeIfAbsent(n.service, k -> new long[4]);
      t[0]++;
      t[1] += n.error ? 1 : 0;
      t[2] += n.duration();
      t[3] += n.selfNanos;
    }
    List<ServiceAnalysis> services = new ArrayList<>(totals.size());
    totals.forEach(
        (service, t) ->
            services.add(new ServiceAnalysis(service, (int) t[0], (int) t[1], t[2], t[3])));
    services.sort(
        Comparator.comparingLong(ServiceAnalysis::selfNanos)
            .reversed()
            .thenComparing(ServiceAnalysis::service));
    return services;
  }

  @Override
  public String toString() {
    return "TraceAnalyzer{config=" + config + "}";
  }
}
