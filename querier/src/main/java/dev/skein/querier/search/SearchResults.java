package dev.skein.querier.search;

import dev.skein.api.v1.ServiceStats;
import dev.skein.api.v1.TraceSearchMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects search results from many jobs: parts of one trace found in several places (ingesters,
 * several blocks) are merged so start, duration and root are those of the whole trace, and the
 * results are ordered newest first, ties broken by trace id, so the same data always gives the same
 * answer. Not thread-safe.
 */
final class SearchResults {

  static final Comparator<TraceSearchMetadata> NEWEST_FIRST =
      Comparator.comparingLong(TraceSearchMetadata::getStartTimeUnixNano)
          .reversed()
          .thenComparing(TraceSearchMetadata::getTraceId);

  private final Map<String, TraceSearchMetadata> byId = new HashMap<>();

  void add(TraceSearchMetadata result) {
    byId.merge(result.getTraceId(), result, SearchResults::merge);
  }

  int size() {
    return byId.size();
  }

  /** The {@code limit} newest traces. */
  List<TraceSearchMetadata> newest(int limit) {
    List<TraceSearchMetadata> all = new ArrayList<>(byId.values());
    all.sort(NEWEST_FIRST);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** The start of the {@code limit}-th newest trace, or {@code Long.MIN_VALUE} if fewer. */
  long limitStart(int limit) {
    if (byId.size() < limit) {
      return Long.MIN_VALUE;
    }
    return newest(limit).get(limit - 1).getStartTimeUnixNano();
  }

  static TraceSearchMetadata merge(TraceSearchMetadata a, TraceSearchMetadata b) {
    if (a.getStartTimeUnixNano() == b.getStartTimeUnixNano()
        && a.getDurationMs() == b.getDurationMs()
        && a.getServiceStatsMap().equals(b.getServiceStatsMap())) {
      // The same spans seen twice (an ingester and the block it just flushed): keep one copy.
      return a;
    }
    long start = Math.min(a.getStartTimeUnixNano(), b.getStartTimeUnixNano());
    long end = Math.max(endNanos(a), endNanos(b));
    TraceSearchMetadata.Builder out =
        a.toBuilder()
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .setDurationMs((int) Math.min(Integer.MAX_VALUE, (end - start) / 1_000_000));
    if (out.getRootServiceName().isEmpty()) {
      out.setRootServiceName(b.getRootServiceName());
    }
    if (out.getRootTraceName().isEmpty()) {
      out.setRootTraceName(b.getRootTraceName());
    }
    out.addAllSpanSets(b.getSpanSetsList());
    if (out.getSpanSetsCount() > 0) {
      out.setSpanSet(out.getSpanSets(0));
    }
    b.getServiceStatsMap()
        .forEach(
            (service, stats) -> {
              ServiceStats mine =
                  out.getServiceStatsOrDefault(service, ServiceStats.getDefaultInstance());
              out.putServiceStats(
                  service,
                  ServiceStats.newBuilder()
                      .setSpanCount(mine.getSpanCount() + stats.getSpanCount())
                      .setErrorCount(mine.getErrorCount() + stats.getErrorCount())
                      .build());
            });
    return out.build();
  }

  private static long endNanos(TraceSearchMetadata m) {
    return m.getEndTimeUnixNano() > 0
        ? m.getEndTimeUnixNano()
        : m.getStartTimeUnixNano() + m.getDurationMs() * 1_000_000L;
  }
}
