package dev.skein.storage.block;

import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;

/**
 * One trace as an input block stores it, handed from a {@link BlockReader} to a {@link BlockWriter}
 * during compaction. A writer of the same format and schema may copy it without decoding it ({@link
 * BlockWriter#addStored}); anything else decodes it. Valid only until the next call to its
 * iterator's {@code hasNext} or {@code next}. Not thread-safe.
 */
public interface StoredTrace {

  /** The trace's id. */
  TraceId traceId();

  /** The number of spans (rows) stored for the trace. */
  int spanCount();

  /**
   * The trace as OTLP, exactly as {@link BlockReader#iterateTraces()} returns it.
   *
   * @throws dev.skein.common.CorruptBlockException when the stored rows cannot be decoded
   */
  Trace decode();

  /** A stored trace that is already decoded: what formats without a copy path hand out. */
  static StoredTrace of(Trace trace) {
    return new Decoded(trace);
  }

  /** See {@link #of}. */
  record Decoded(Trace trace) implements StoredTrace {
    @Override
    public TraceId traceId() {
      return trace.traceId();
    }

    @Override
    public int spanCount() {
      return trace.spanCount();
    }

    @Override
    public Trace decode() {
      return trace;
    }
  }
}
