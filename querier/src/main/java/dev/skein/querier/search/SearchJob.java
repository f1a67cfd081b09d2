package dev.skein.querier.search;

import dev.skein.api.v1.TraceSearchMetadata;
import java.util.List;

/** One unit of search work: an ingester, a block, or a range of a block's row groups. */
public interface SearchJob {

  /** What is searched, for messages: {@code "block t/1b2c..."}. */
  String describe();

  /**
   * The latest trace start (unix ns) this job can return, used to stop early once {@code limit}
   * newer traces are found; {@code Long.MAX_VALUE} when unknown.
   */
  long newestStartNanos();

  /**
   * Runs the search.
   *
   * @throws Exception when the source cannot be read; the search then fails with the job's name
   */
  Result run() throws Exception;

  /**
   * What a job found.
   *
   * @param traces matching traces, in any order, at most the plan's limit
   * @param inspectedTraces traces looked at
   * @param inspectedSpans spans looked at
   * @param inspectedBytes bytes read
   */
  record Result(
      List<TraceSearchMetadata> traces,
      long inspectedTraces,
      long inspectedSpans,
      long inspectedBytes) {

    /** Copies the list. */
    public Result {
      traces = List.copyOf(traces);
    }
  }
}
