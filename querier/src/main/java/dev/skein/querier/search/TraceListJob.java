package dev.skein.querier.search;

import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A search job over traces already in memory (or fetched whole by the job): evaluates the plan on
 * each trace in the window. Used for recent data and as the fallback for blocks whose conditions
 * cannot be pushed down.
 */
public final class TraceListJob implements SearchJob {

  /** Supplies the traces to search; may do I/O. */
  @FunctionalInterface
  public interface TraceLoader {
    /** The traces, each complete as far as this source knows. */
    List<Trace> load() throws Exception;
  }

  private final String description;
  private final long newestStartNanos;
  private final SearchPlan plan;
  private final TraceLoader loader;

  /**
   * Creates the job.
   *
   * @param description what is searched, for messages
   * @param newestStartNanos the latest trace start the traces can have, or {@code Long.MAX_VALUE}
   * @param plan the search
   * @param loader supplies the traces when the job runs
   */
  public TraceListJob(
      String description, long newestStartNanos, SearchPlan plan, TraceLoader loader) {
    this.description = description;
    this.newestStartNanos = newestStartNanos;
    this.plan = plan;
    this.loader = loader;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public long newestStartNanos() {
    return newestStartNanos;
  }

  @Override
  public Result run() throws Exception {
    List<TraceSearchMetadata> found = new ArrayList<>();
    long traces = 0;
    long spans = 0;
    long bytes = 0;
    for (Trace trace : loader.load()) {
      OtlpTraceView view = new OtlpTraceView(trace);
      if (!plan.window().overlaps(view.startNanos(), view.endNanos())) {
        continue;
      }
      traces++;
      spans += view.spans().size();
      for (var rs : trace.resourceSpans()) {
        bytes += rs.getSerializedSize();
      }
      Optional<TraceSearchMetadata> match = plan.matcher().match(view);
      match.ifPresent(found::add);
    }
    return new Result(found, traces, spans, bytes);
  }
}
