package dev.skein.storage.block;

import dev.skein.trace.Trace;
import java.util.Iterator;

/** Traces of a block in ascending id order; close it to release buffers. Not thread-safe. */
public interface TraceIterator extends Iterator<Trace>, AutoCloseable {

  @Override
  void close();
}
