package dev.skein.querier.search;

import dev.skein.api.v1.TraceSearchMetadata;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
   * @param unreadable why this job could not read its source, making the search PARTIAL rather than
   *     failing it (used by sources that may be down, such as remote ingesters); null when the job
   *     read everything
   */
  record Result(
      List<TraceSearchMetadata> traces,
      long inspectedTraces,
      long inspectedSpans,
      long inspectedBytes,
      @Nullable String unreadable) {

    /** Copies the list. */
    public Result {
      traces = List.copyOf(traces);
    }

    /** A complete result. */
    public Result(
        List<TraceSearchMetadata> traces,
        long inspectedTraces,
        long inspectedSpans,
        long inspectedBytes) {
      this(traces, inspectedTraces, inspectedSpans, inspectedBytes, null);
    }

    /** Nothing read because the source could not be reached; {@code why} names the source. */
    public static Result unreadable(String why) {
      return new Result(List.of(), 0, 0, 0, why);
    }
  }
}
