package dev.skein.storage.block;

import java.util.Iterator;

/**
 * The traces of a block in ascending id order, as stored (see {@link StoredTrace}); each one is
 * valid only until the next call to {@link #hasNext()} or {@link #next()}. Close it to release
 * buffers. Not thread-safe.
 */
public interface StoredTraceIterator extends Iterator<StoredTrace>, AutoCloseable {

  /** Wraps a decoding iterator: every trace is handed out decoded. */
  static StoredTraceIterator decoding(TraceIterator traces) {
    return new StoredTraceIterator() {
      @Override
      public boolean hasNext() {
        return traces.hasNext();
      }

      @Override
      public StoredTrace next() {
        return StoredTrace.of(traces.next());
      }

      @Override
      public void close() {
        traces.close();
      }
    };
  }

  @Override
  void close();
}
