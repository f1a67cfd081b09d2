package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.storage.block.StoredTraceIterator;
import dev.skein.storage.index.SearchIndex;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Streams a whole block's traces in id order as captured rows (every column, nothing decoded), for
 * compaction: a trace found in one input only is copied to the output verbatim. Two row buffers
 * take turns: one holds the trace handed out, the other the first row of the next trace (read to
 * find where the trace ends). Memory holds those two plus one row group's compressed pages; a trace
 * that continues into the next row group is carried over. Not thread-safe.
 */
final class Vsk1StoredTraceIterator implements StoredTraceIterator {

  private final ParquetAccess parquet;
  private final List<BlockMetaData> blocks;
  private final CaptureMaterializer capture;
  private final RowGroupReader<CapturedRows> group;
  private final StoredRowDecoder decoder;
  private final AttrSlots attrSlots;
  private final ShapeTable shapes;
  private final Supplier<SearchIndex> searchIndex;
  private int ordinal;
  private final byte[] id = new byte[16];
  private CapturedRows fill;
  private CapturedRows spare;
  private int nextGroup;
  private @Nullable Vsk1StoredTrace ready;
  private boolean closed;

  /**
   * Creates the iterator.
   *
   * @param schema the data file's schema (every column is read)
   * @param gapBytes the largest gap between wanted byte ranges that is read rather than skipped
   * @param searchIndex the block's search index, loaded when a writer first asks for it
   */
  Vsk1StoredTraceIterator(
      ParquetAccess parquet, MessageType schema, long gapBytes, Supplier<SearchIndex> searchIndex) {
    this.parquet = parquet;
    this.searchIndex = searchIndex;
    this.blocks = parquet.tail().footer().getBlocks();
    this.fill = new CapturedRows(schema);
    this.spare = new CapturedRows(schema);
    this.capture = new CaptureMaterializer(schema, fill);
    this.group = new RowGroupReader<>(parquet, schema, capture, null, gapBytes);
    this.attrSlots = AttrSlots.of(parquet);
    this.shapes = ShapeTableCodec.of(parquet);
    this.decoder = new StoredRowDecoder(schema, attrSlots, shapes);
  }

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
  public Vsk1StoredTrace next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Vsk1StoredTrace t = ready;
    ready = null;
    return t;
  }

  /** The block's attribute slot assignment. */
  AttrSlots attrSlots() {
    return attrSlots;
  }

  /** The block's span shapes. */
  ShapeTable shapes() {
    return shapes;
  }

  /** The search index of the block being read. */
  SearchIndex searchIndex() {
    return searchIndex.get();
  }

  /** Decodes a trace this iterator handed out (still valid). */
  Trace decode(Vsk1StoredTrace trace) {
    try {
      return decoder.trace(trace.rows(), trace.traceId());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw parquet.corrupt(group.start(), "cannot assemble trace " + trace.traceId(), e);
    }
  }

  /** Reads rows until the trace of the first buffered row ends; null when no rows are left. */
  private @Nullable Vsk1StoredTrace assemble() {
    spare.clear(); // the trace handed out last: its caller is done with it
    if (fill.rowCount() == 0 && !readRow()) {
      return null;
    }
    try {
      fill.leadingId(0, id);
    } catch (IllegalStateException e) {
      throw parquet.corrupt(group.start(), "bad trace_id in row group " + (nextGroup - 1), e);
    }
    while (readRow()) {
      if (!fill.leadingIdEquals(fill.rowCount() - 1, id)) {
        fill.moveLastRowTo(spare);
        break;
      }
    }
    CapturedRows trace = fill;
    fill = spare;
    spare = trace;
    return new Vsk1StoredTrace(TraceId.fromBytes(id), trace, this, ordinal++);
  }

  /** Appends the next row to {@link #fill}; false at the end of the block. */
  private boolean readRow() {
    while (true) {
      if (group.isOpen()) {
        capture.target(fill);
        try {
          if (group.next() != null) {
            return true;
          }
        } catch (RuntimeException e) {
          throw parquet.corrupt(group.start(), "cannot read row group " + (nextGroup - 1), e);
        }
        group.close();
      }
      if (nextGroup >= blocks.size()) {
        return false;
      }
      int rg = nextGroup++;
      group.open(rg, blocks.get(rg), RowRanges.createSingle(blocks.get(rg).getRowCount()));
    }
  }

  @Override
  public void close() {
    closed = true;
    ready = null;
    group.close();
  }
}
