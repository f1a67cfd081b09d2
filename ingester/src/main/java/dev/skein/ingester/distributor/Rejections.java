package dev.skein.ingester.distributor;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts rejected spans by reason and keeps the first detail of each, to build the {@code
 * partial_success} message. Not thread-safe: one instance per request.
 */
final class Rejections {

  private final EnumMap<RefusalReason, Integer> counts = new EnumMap<>(RefusalReason.class);
  private final EnumMap<RefusalReason, String> firstDetail = new EnumMap<>(RefusalReason.class);

  void add(RefusalReason reason, int spans, String detail) {
    counts.merge(reason, spans, Integer::sum);
    firstDetail.putIfAbsent(reason, detail);
  }

  int total() {
    int n = 0;
    for (int c : counts.values()) {
      n += c;
    }
    return n;
  }

  Map<RefusalReason, Integer> counts() {
    return counts;
  }

  /**
   * For example {@code rejected 3 of 10 spans: 2 invalid_trace_id (first at
   * resourceSpans[0].scopeSpans[0].spans[4]: trace id is 15 bytes, expected 16); 1 ...}.
   */
  String message(int totalSpans) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("rejected ").append(total());
    sb.append(" of ").append(totalSpans).append(" spans: ");
    boolean first = true;
    for (Map.Entry<RefusalReason, Integer> e : counts.entrySet()) {
      if (!first) {
        sb.append("; ");
      }
      first = false;
      sb.append(e.getValue()).append(' ').append(e.getKey().label());
      sb.append(" (first: ").append(firstDetail.get(e.getKey())).append(')');
    }
    return sb.toString();
  }
}
