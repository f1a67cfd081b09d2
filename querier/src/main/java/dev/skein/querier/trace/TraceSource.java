package dev.skein.querier.trace;

import dev.skein.trace.TraceId;
import java.util.List;

/**
 * Something that may hold parts of traces: the ingesters (recent data) or the backend blocks of a
 * tenant. Implementations are thread-safe.
 */
public interface TraceSource {

  /**
   * The lookups to run for one trace id. Choosing them may use cached metadata (block time and id
   * ranges) but must not read span data; the lookups do that, in parallel.
   *
   * @return one lookup per ingester or candidate block; empty when none can hold the trace
   */
  List<TraceLookup> lookups(String tenant, TraceId traceId, TimeWindow window);
}
