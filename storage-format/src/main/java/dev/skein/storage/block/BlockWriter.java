package dev.skein.storage.block;

import dev.skein.trace.Trace;

/**
 * Writes one block: traces go to local files first (memory is bounded by the row-group buffer, the
 * trace-id list for the bloom filters and the capped search index), then {@link #complete()}
 * uploads every object and writes {@code meta.json} last, which commits the block. Not thread-safe:
 * one writer per thread.
 */
public interface BlockWriter extends AutoCloseable {

  /**
   * Appends a trace. Traces must come in strictly ascending trace-id order; a trace's spans may
   * come in any order and grouping (they are normalized, see {@link TraceNormalizer}).
   *
   * @throws IllegalArgumentException when the id is not above the previous one, the trace is empty,
   *     or a span carries another trace id
   * @throws IllegalStateException after {@link #complete()} or {@link #close()}
   */
  void add(Trace trace);

  /**
   * Appends a trace read from an input block by {@link BlockReader#iterateStored()}, with the same
   * contract as {@link #add}. A writer whose format and schema match the input's copies the stored
   * rows without decoding them (the trace-level values of a trace from one input are already
   * right); by default the trace is decoded and added.
   *
   * @return true when the trace was copied without decoding it, false when it was decoded
   */
  default boolean addStored(StoredTrace trace) {
    add(trace.decode());
    return false;
  }

  /** Traces added so far. */
  long traceCount();

  /** Spans added so far. */
  long spanCount();

  /** Bytes written to the local data file so far (an estimate until completed). */
  long dataBytes();

  /**
   * Finishes local files, uploads them and commits the block by writing {@code meta.json}.
   *
   * @return the committed metadata
   * @throws IllegalStateException when no trace was added, or called twice
   */
  BlockMeta complete();

  /** Deletes local files; an uncompleted block is abandoned (nothing visible was written). */
  @Override
  void close();
}
