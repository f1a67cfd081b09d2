package dev.skein.querier.trace;

import dev.skein.trace.Trace;
import java.util.Optional;

/** One read of one source (an ingester, a block) for one trace id. */
public interface TraceLookup {

  /** What is read, for messages: {@code "block tenant/1b2c..."}, {@code "ingester-1"}. */
  String describe();

  /**
   * Reads the part of the trace this source holds.
   *
   * @throws Exception when the source cannot be read; the query then answers PARTIAL
   */
  Result find() throws Exception;

  /**
   * What a lookup found.
   *
   * @param part the spans found, or empty
   * @param inspectedBytes bytes read to find them
   */
  record Result(Optional<Trace> part, long inspectedBytes) {

    /** Nothing found, {@code inspectedBytes} read. */
    public static Result none(long inspectedBytes) {
      return new Result(Optional.empty(), inspectedBytes);
    }
  }
}
