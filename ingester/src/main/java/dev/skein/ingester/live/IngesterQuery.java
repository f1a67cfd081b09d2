package dev.skein.ingester.live;

import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Queries over the data an ingester holds: live traces, the head block and cut blocks not yet
 * completed. Read-your-writes: a trace is findable as soon as its spans were acknowledged.
 *
 * <p>Implementations are thread-safe.
 */
public interface IngesterQuery {

  /**
   * Finds every span of a trace this ingester holds, combined into one trace (spans sent twice, for
   * example by a client retry, appear once).
   *
   * @param tenant a validated tenant id
   * @param traceId the trace
   * @return the trace, or empty when this ingester holds no span of it
   * @throws java.io.UncheckedIOException when the write-ahead log cannot be read
   */
  Optional<Trace> findTraceById(String tenant, TraceId traceId);

  /**
   * Calls {@code consumer} once for every trace this ingester holds for {@code tenant}, combined as
   * {@link #findTraceById} combines it, one trace at a time (for searching recent data without
   * loading it all at once). Traces pushed during the walk may or may not be seen.
   *
   * @param tenant a validated tenant id
   * @param consumer receives each trace; runs on the caller's thread
   * @throws java.io.UncheckedIOException when the write-ahead log cannot be read
   */
  void forEachTrace(String tenant, Consumer<Trace> consumer);
}
