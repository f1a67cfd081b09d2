package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.StoredTrace;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;

/**
 * A trace as a vsk1 block stores it: its rows captured verbatim ({@link CapturedRows}), decoded
 * only when asked. Valid until the next call to its iterator.
 */
final class Vsk1StoredTrace implements StoredTrace {

  private final TraceId traceId;
  private final CapturedRows rows;
  private final Vsk1StoredTraceIterator source;
  private final int inputOrdinal;

  Vsk1StoredTrace(
      TraceId traceId, CapturedRows rows, Vsk1StoredTraceIterator source, int inputOrdinal) {
    this.traceId = traceId;
    this.rows = rows;
    this.source = source;
    this.inputOrdinal = inputOrdinal;
  }

  @Override
  public TraceId traceId() {
    return traceId;
  }

  @Override
  public int spanCount() {
    return rows.rowCount();
  }

  /** The captured rows, in the input's schema ({@link CapturedRows#schema()}). */
  CapturedRows rows() {
    return rows;
  }

  /** The iterator (over one input block) that read it. */
  Vsk1StoredTraceIterator source() {
    return source;
  }

  /** The trace's ordinal in its input block (0-based, in id order), as its search index has it. */
  int inputOrdinal() {
    return inputOrdinal;
  }

  @Override
  public Trace decode() {
    return source.decode(this);
  }

  @Override
  public String toString() {
    return "Vsk1StoredTrace{" + traceId + ", " + rows.rowCount() + " rows}";
  }
}
