package dev.skein.server.ingest;

import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.ingester.live.IngesterQuery;
import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.trace.view.OtlpTraceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Searches the recent data of one tenant in the in-process ingester: every trace it holds (live,
 * head and cut blocks), streamed one at a time and matched with the plan's evaluator. Returns the
 * newest {@code limit} matches.
 */
final class IngesterSearchJob implements SearchJob {

  private final IngesterQuery ingester;
  private final String tenant;
  private final SearchPlan plan;

  IngesterSearchJob(IngesterQuery ingester, String tenant, SearchPlan plan) {
    this.ingester = ingester;
    this.tenant = tenant;
    this.plan = plan;
  }

  @Override
  public String describe() {
    return "ingester (recent data of " + tenant + ")";
  }

  @Override
  public long newestStartNanos() {
    return Long.MAX_VALUE;
  }

  @Override
  public Result run() {
    List<TraceSearchMetadata> found = new ArrayList<>();
    long[] counts = new long[3];
    ingester.forEachTrace(
        tenant,
        trace -> {
          OtlpTraceView view = new OtlpTraceView(trace);
          if (!plan.window().overlaps(view.startNanos(), view.endNanos())) {
            return;
          }
          counts[0]++;
          counts[1] += view.spans().size();
          for (var rs : trace.resourceSpans()) {
            counts[2] += rs.getSerializedSize();
          }
          plan.matcher().match(view).ifPresent(found::add);
        });
    if (found.size() > plan.limit()) {
      found.sort(
          Comparator.comparing(
              TraceSearchMetadata::getStartTimeUnixNano, (a, b) -> Long.compareUnsigned(b, a)));
      found.subList(plan.limit(), found.size()).clear();
    }
    return new Result(found, counts[0], counts[1], counts[2]);
  }
}
