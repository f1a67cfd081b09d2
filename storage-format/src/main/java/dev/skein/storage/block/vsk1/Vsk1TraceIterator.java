package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.TraceIterator;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.jspecify.annotations.Nullable;

/**
 * Iterates a block's traces in id order, one row group at a time: each row group is fetched with
 * one ranged read (its column chunks are contiguous), decoded, and cut into traces; a trace that
 * continues into the next row group is carried over. Not thread-safe.
 */
final class Vsk1TraceIterator implements TraceIterator {

  private final ParquetAccess parquet;
  private final List<BlockMetaData> blocks;
  private final ArrayDeque<Trace> ready = new ArrayDeque<>();
  private final RowDecoder decoder = new RowDecoder();
  private @Nullable TraceId pendingId;
  private ParentLinks.Assembler pending = new ParentLinks.Assembler();
  private int nextGroup;
  private boolean closed;

  Vsk1TraceIterator(ParquetAccess parquet) {
    this.parquet = parquet;
    this.blocks = parquet.tail().footer().getBlocks();
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !closed) {
      if (nextGroup >= blocks.size()) {
        flushPending();
        closed = true;
      } else {
        readGroup(nextGroup++);
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public Trace next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void readGroup(int rg) {
    BlockMetaData b = blocks.get(rg);
    StoreInputFile file = parquet.file();
    try (ParquetFileReader reader = parquet.open(file)) {
      RowRanges all = RowRanges.createSingle(b.getRowCount());
      parquet.prefetch(file, reader, rg, all, null);
      RowSelection.read(
          reader,
          rg,
          all,
          b.getRowCount(),
          Vsk1Schema.SCHEMA,
          (row, g) -> {
            RowDecoder.Decoded d = decoder.decode(g);
            if (!d.traceId().equals(pendingId)) {
              flushPending();
              pendingId = d.traceId();
            }
            pending.add(d);
          });
    } catch (IOException | RuntimeException e) {
      throw parquet.corrupt(b.getStartingPos(), "cannot read row group " + rg, e);
    }
  }

  private void flushPending() {
    if (pendingId != null && !pending.isEmpty()) {
      ready.add(pending.toTrace(pendingId));
    }
    pending = new ParentLinks.Assembler();
    pendingId = null;
  }

  @Override
  public void close() {
    closed = true;
    ready.clear();
    pending = new ParentLinks.Assembler();
  }
}
