package dev.skein.querier.analysis;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds error chains (failed spans whose failed parent passed the failure up) and the first cause
 * of each: the deepest failed span of the chain, the one that ended first on ties.
 */
final class ErrorCauses {

  private ErrorCauses() {}

  static List<Finding> find(SpanGraph graph) {
    List<Finding> findings = new ArrayList<>();
    for (SpanNode node : graph.nodes) {
      SpanNode parent = node.parent;
      if (node.error && (parent == null || !parent.error)) {
        findings.add(chain(node, firstCause(node)));
      }
    }
    return findings;
  }

  /** Walks the failed descendants of {@code top} that are connected to it through failures. */
  private static SpanNode firstCause(SpanNode top) {
    SpanNode cause = top;
    ArrayDeque<SpanNode> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      SpanNode node = stack.pop();
      if (node.depth > cause.depth || (node.depth == cause.depth && node.end < cause.end)) {
        cause = node;
      }
      for (SpanNode child : node.children) {
        if (child.error) {
          stack.push(child);
        }
      }
    }
    return cause;
  }

  private static Finding chain(SpanNode top, SpanNode cause) {
    List<SpanNode> path = new ArrayList<>();
    for (SpanNode n = cause; n != null && n != top.parent; n = n.parent) {
      path.add(n);
    }
    int levels = cause.depth - top.depth;
    String reason = reason(cause.span);
    String what =
        cause == top
            ? top.label() + " failed"
            : top.label()
                + " failed because "
                + cause.label()
                + ", "
                + levels
                + (levels == 1 ? " level" : " levels")
                + " below it, failed";
    return new Finding(
        FindingType.ERROR,
        top.parent == null ? Severity.HIGH : Severity.MEDIUM,
        "Error in " + top.label() + (cause == top ? "" : ", first cause " + cause.label()),
        what
            + (reason.isEmpty() ? "" : ": " + reason)
            + "."
            + (path.size() > 2
                ? " " + (path.size() - 2) + " spans between them failed with it."
                : "")
            + (top.parent == null
                ? " The failure reached the root, so the request failed."
                : " The parent " + top.parent.label() + " did not fail: it handled the error."),
        "Start at the first cause: its status message, exception events and attributes say what"
            + " went wrong, the spans above it only passed the failure up. Then decide whether a"
            + " caller should have handled it (a fallback, a retry of a transient error, a clearer"
            + " error for the user).",
        0,
        path.stream().map(n -> n.spanId).toList());
  }

  /** The status message, else the first exception event's type and message. */
  static String reason(Span span) {
    if (!span.getStatus().getMessage().isEmpty()) {
      return span.getStatus().getMessage();
    }
    for (Span.Event event : span.getEventsList()) {
      if (event.getName().equals("exception")) {
        String type = "";
        String message = "";
        for (KeyValue kv : event.getAttributesList()) {
          if (kv.getKey().equals("exception.type")) {
            type = kv.getValue().getStringValue();
          } else if (kv.getKey().equals("exception.message")) {
            message = kv.getValue().getStringValue();
          }
        }
        return type.isEmpty() ? message : message.isEmpty() ? type : type + ": " + message;
      }
    }
    return "";
  }
}
