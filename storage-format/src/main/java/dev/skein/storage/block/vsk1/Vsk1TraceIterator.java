package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.trace.Trace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Streams a block's traces in id order: rows are materialized one at a time, and a trace is
 * assembled when the next row belongs to another trace, so memory holds one trace plus the current
 * row group's compressed pages, whatever the row-group size. A trace that continues into the next
 * row group is carried over. Parents stored as row distances are resolved per trace by {@link
 * ParentLinks.Assembler}, which is why every selection covers whole traces. Reads only the
 * projected columns and, with a row selection, only the row groups and pages holding selected rows.
 * Not thread-safe.
 */
final class Vsk1TraceIterator implements TraceIterator {

  private final ParquetAccess parquet;
  private final List<BlockMetaData> blocks;
  private final IntFunction<@Nullable Selection> selection;
  private final RowGroupReader<SpanRecord> group;
  private final RowDecoder decoder;
  private int nextGroup;
  private Set<ByteBuffer> only = Set.of();

  /** The first row of the next trace, already read. */
  private RowDecoder.@Nullable Decoded lookahead;

  private final byte[] lookaheadId = new byte[16];
  private @Nullable Trace ready;
  private boolean closed;

  /**
   * Creates the iterator.
   *
   * @param selection what to read of row group {@code rg} (argument), or null to skip it
   * @param gapBytes the largest gap between wanted byte ranges that is read rather than skipped
   */
  Vsk1TraceIterator(
      ParquetAccess parquet,
      TraceProjection projection,
      IntFunction<@Nullable Selection> selection,
      long gapBytes) {
    this.parquet = parquet;
    this.blocks = parquet.tail().footer().getBlocks();
    MessageType schema = SpanMaterializer.schemaFor(projection);
    this.selection = selection;
    this.group =
        new RowGroupReader<>(
            parquet,
            schema,
            new SpanMaterializer(schema, ShapeTableCodec.of(parquet)),
            SpanMaterializer.paths(schema),
            gapBytes);
    this.decoder = new RowDecoder(AttrSlots.of(parquet));
  }

  /**
   * What to read of one row group.
   *
   * @param rows the rows to read (within the row group)
   * @param only when not empty, the ids (16 bytes) of the only traces to return from these rows
   */
  record Selection(RowRanges rows, Set<ByteBuffer> only) {}

  @Override
  public boolean hasNext() {
    if (ready == null && !closed) {
      ready = assemble();
      if (ready == null) {
        close();
      }
    }
    return ready != null;
  }

  @Override
  public Trace next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Trace t = ready;
    ready = null;
    return t;
  }

  /** Reads rows until the trace of the lookahead row ends; null when no rows are left. */
  private @Nullable Trace assemble() {
    if (lookahead == null && !advance()) {
      return null;
    }
    byte[] id = lookaheadId.clone();
    RowDecoder.Decoded first = lookahead;
    ParentLinks.Assembler spans = new ParentLinks.Assembler();
    spans.add(first);
    lookahead = null;
    while (advance()) {
      if (!Arrays.equals(lookaheadId, id)) {
        break;
      }
      spans.add(lookahead);
      lookahead = null;
    }
    try {
      return spans.toTrace(first.traceId());
    } catch (IllegalStateException e) {
      throw parquet.corrupt(group.start(), "cannot assemble trace " + first.traceId(), e);
    }
  }

  /** Reads the next selected row into the lookahead; false at the end of the block. */
  private boolean advance() {
    while (true) {
      if (group.isOpen()) {
        SpanRecord r;
        try {
          r = group.next();
          while (r != null && !only.isEmpty() && !only.contains(ByteBuffer.wrap(r.traceId))) {
            r = group.next();
          }
          if (r != null) {
            System.arraycopy(r.traceId, 0, lookaheadId, 0, 16);
            lookahead = decoder.decode(r);
            return true;
          }
        } catch (IOException | RuntimeException e) {
          throw parquet.corrupt(group.start(), "cannot read row group " + (nextGroup - 1), e);
        }
        group.close();
      }
      if (nextGroup >= blocks.size()) {
        return false;
      }
      openGroup(nextGroup++);
    }
  }

  private void openGroup(int rg) {
    Selection s = selection.apply(rg);
    if (s == null) {
      return;
    }
    only = s.only();
    group.open(rg, blocks.get(rg), s.rows());
  }

  @Override
  public void close() {
    closed = true;
    ready = null;
    lookahead = null;
    group.close();
  }
}
