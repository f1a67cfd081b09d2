package dev.skein.querier.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds retry storms (one operation run many times, mostly failing) and N+1 calls (one parent
 * running the same operation many times, one after another). An operation is a service and a span
 * name. A group that qualifies as a retry storm is not reported again as N+1.
 */
final class RepeatedCalls {

  private RepeatedCalls() {}

  /** Retry storms, then N+1s, both uncapped. */
  static List<Finding> find(SpanGraph graph, AnalysisConfig config) {
    Set<SpanNode> retried = new HashSet<>();
    List<Finding> findings = retryStorms(graph, config, retried);
    findings.addAll(nPlusOnes(graph, config, retried));
    return findings;
  }

  private static List<Finding> retryStorms(
      SpanGraph graph, AnalysisConfig config, Set<SpanNode> retried) {
    List<Finding> findings = new ArrayList<>();
    // Groups in order of their first span, so a client's retries come before the server's.
    for (List<SpanNode> runs : byOperation(graph.nodes).values()) {
      if (runs.size() < config.retryMinAttempts() || !mostlyFailed(runs, config)) {
        continue;
      }
      boolean echo = runs.stream().allMatch(r -> r.parent != null && retried.contains(r.parent));
      retried.addAll(runs);
      if (!echo) {
        findings.add(retryStorm(graph, runs));
      }
    }
    return findings;
  }

  private static Finding retryStorm(SpanGraph graph, List<SpanNode> runs) {
    SpanNode first = runs.get(0);
    long failed = 0;
    long wasted = 0;
    String firstError = "";
    Set<String> parents = new HashSet<>();
    for (SpanNode run : runs) {
      parents.add(run.parentSpanId);
      if (run.error) {
        failed++;
        wasted += run.duration();
        if (firstError.isEmpty()) {
          firstError = run.span.getStatus().getMessage();
        }
      }
    }
    long impact = Math.min(wasted, graph.duration());
    Severity severity = Findings.severity(impact, graph.duration());
    return new Finding(
        FindingType.RETRY_STORM,
        severity == Severity.LOW ? Severity.MEDIUM : severity,
        "Retry storm: " + first.label() + " ran " + runs.size() + " times, " + failed + " failed",
        first.label()
            + " ran "
            + runs.size()
            + " times in this trace under "
            + parents.size()
            + (parents.size() == 1 ? " parent span" : " parent spans")
            + " and "
            + failed
            + " runs failed"
            + (firstError.isEmpty() ? "" : " (first error: " + firstError + ")")
            + "; the failed runs took "
            + Findings.duration(wasted)
            + ". Repeating a failing call multiplies load on a dependency that is already in"
            + " trouble.",
        "Retry only transient errors of idempotent operations, a bounded number of times with"
            + " exponential backoff and jitter, at one layer only (not in every service on the"
            + " path); add a circuit breaker or retry budget so a failing dependency gets room"
            + " to recover.",
        impact,
        runs.stream().map(r -> r.spanId).toList());
  }

  private static List<Finding> nPlusOnes(
      SpanGraph graph, AnalysisConfig config, Set<SpanNode> retried) {
    List<Finding> findings = new ArrayList<>();
    for (SpanNode parent : graph.nodes) {
      if (parent.children.size() < config.nPlusOneMinCalls()) {
        continue;
      }
      for (List<SpanNode> calls : byOperation(parent.children).values()) {
        if (calls.size() >= config.nPlusOneMinCalls()
            && !retried.contains(calls.get(0))
            && mostlySequential(calls)) {
          findings.add(nPlusOne(graph, parent, calls));
        }
      }
    }
    return findings;
  }

  private static Finding nPlusOne(SpanGraph graph, SpanNode parent, List<SpanNode> calls) {
    long total = 0;
    for (SpanNode call : calls) {
      total += call.duration();
    }
    SpanNode first = calls.get(0);
    List<String> ids = new ArrayList<>(calls.size() + 1);
    ids.add(parent.spanId);
    calls.forEach(c -> ids.add(c.spanId));
    return new Finding(
        FindingType.N_PLUS_ONE,
        Findings.severity(total, graph.duration()),
        "N+1: " + parent.label() + " ran " + first.label() + " " + calls.size() + " times",
        parent.label()
            + " ran "
            + first.label()
            + " "
            + calls.size()
            + " times, one after another; together the calls took "
            + Findings.duration(total)
            + " ("
            + Findings.percent(total, graph.duration())
            + " of the trace), "
            + Findings.duration(total / calls.size())
            + " each on average. Each call pays a full round trip.",
        "Fetch everything in one call: a join, an IN (...) list or a batch endpoint, or load the"
            + " association eagerly; if the calls must stay separate, run them concurrently or"
            + " cache the answers.",
        total,
        ids);
  }

  /**
   * Whether at least half of the runs start after every earlier one has ended. Spans must be in
   * start order.
   */
  static boolean mostlySequential(List<SpanNode> spans) {
    return 2 * overlapping(spans) <= spans.size() - 1;
  }

  /** How many spans start before an earlier one (in start order) has ended. */
  static int overlapping(List<SpanNode> spans) {
    int overlapping = 0;
    long maxEnd = Long.MIN_VALUE;
    for (SpanNode span : spans) {
      if (span.start < maxEnd) {
        overlapping++;
      }
      maxEnd = Math.max(maxEnd, span.end);
    }
    return overlapping;
  }

  private static boolean mostlyFailed(List<SpanNode> runs, AnalysisConfig config) {
    long failed = runs.stream().filter(r -> r.error).count();
    return failed > 0 && failed >= config.retryMinErrorRatio() * runs.size();
  }

  private static Map<Operation, List<SpanNode>> byOperation(List<SpanNode> spans) {
    Map<Operation, List<SpanNode>> groups = new LinkedHashMap<>();
    for (SpanNode span : spans) {
      groups
          .computeIfAbsent(new Operation(span.service, span.name()), k -> new ArrayList<>())
          .add(span);
    }
    return groups;
  }

  private record Operation(String service, String name) {}
}
