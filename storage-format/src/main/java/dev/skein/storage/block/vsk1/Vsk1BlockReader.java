package dev.skein.storage.block.vsk1;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.SpanRow;
import dev.skein.storage.block.StoredTraceIterator;
import dev.skein.storage.block.TraceFilter;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.storage.index.SearchIndex;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads a vsk1 block through ranged reads. Caches bloom shards, the Parquet tail (footer and page
 * indexes) and the search index for the reader's lifetime. Thread-safe.
 */
final class Vsk1BlockReader implements BlockReader {

  private static final MessageType TRACE_ID_ONLY =
      new MessageType(Vsk1Schema.SCHEMA.getName(), Vsk1Schema.SCHEMA.getType("trace_id"));
  private static final ColumnPath TRACE_ID = ColumnPath.get("trace_id");
  private static final MessageType FULL = SpanMaterializer.schemaFor(TraceProjection.ALL);

  private final ObjectStore store;
  private final BlockMeta meta;
  private final ParquetAccess parquet;
  private final AtomicReferenceArray<TraceIdBloom> blooms;
  private final long scanGapBytes;
  private final long maxGapBytes;
  private volatile @Nullable SearchIndex searchIndex;
  private volatile @Nullable AttrSlots attrSlots;
  private volatile @Nullable ShapeTable shapes;

  Vsk1BlockReader(ObjectStore store, BlockMeta meta, long maxGapBytes) {
    this.store = store;
    this.meta = meta;
    this.parquet =
        new ParquetAccess(
            store,
            meta.key(Vsk1BlockWriter.DATA),
            meta.dataBytes(),
            meta.footerBytes(),
            meta.footerCrc32c(),
            maxGapBytes);
    this.blooms = new AtomicReferenceArray<>(Math.max(1, meta.bloomShards()));
    this.scanGapBytes = Math.min(maxGapBytes, Vsk1Format.DEFAULT_SCAN_GAP_BYTES);
    this.maxGapBytes = maxGapBytes;
  }

  @Override
  public BlockMeta meta() {
    return meta;
  }

  @Override
  public Optional<Trace> findTrace(TraceId traceId) {
    if (!meta.mayContain(traceId)) {
      return Optional.empty();
    }
    if (!bloom(TraceIdBloom.shardOf(traceId, meta.bloomShards())).mightContain(traceId)) {
      return Optional.empty();
    }
    return findTraceUnfiltered(traceId);
  }

  @Override
  public Optional<Trace> findTraceUnfiltered(TraceId traceId) {
    if (!meta.mayContain(traceId)) {
      return Optional.empty();
    }
    byte[] id = traceId.toBytes();
    ParentLinks.Assembler spans = new ParentLinks.Assembler();
    ParquetAccess.Tail tail = parquet.tail();
    StoreInputFile file = parquet.file();
    RowDecoder decoder = new RowDecoder(attrSlots());
    SpanMaterializer materializer = new SpanMaterializer(FULL, shapes());
    try (ParquetFileReader reader = parquet.open(file)) {
      List<BlockMetaData> blocks = tail.footer().getBlocks();
      for (int rg = 0; rg < blocks.size(); rg++) {
        BlockMetaData b = blocks.get(rg);
        try {
          RowRanges candidates = candidatePages(reader, b, id);
          if (candidates == null) {
            continue;
          }
          parquet.prefetch(
              file, reader, rg, RowSelection.planned(candidates, b.getRowCount()), null);
          // a reader caches page indexes per projection: one reader per phase
          RowRanges exact;
          try (ParquetFileReader ids = parquet.open(file)) {
            exact = exactRows(ids, rg, b.getRowCount(), candidates, id);
          }
          if (exact.rowCount() == 0) {
            continue;
          }
          try (ParquetFileReader rows = parquet.open(file)) {
            rows.setRequestedSchema(FULL);
            RowSelection.read(
                rows,
                rg,
                exact,
                b.getRowCount(),
                FULL,
                materializer,
                (row, r) -> spans.add(decoder.decode(r)));
          }
        } catch (IOException | RuntimeException e) {
          throw parquet.corrupt(b.getStartingPos(), "cannot read row group " + rg, e);
        }
      }
    } catch (IOException e) {
      throw parquet.corrupt(0, "close", e);
    }
    if (spans.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(spans.toTrace(traceId));
    } catch (IllegalStateException e) {
      throw parquet.corrupt(0, "cannot assemble trace " + traceId, e);
    }
  }

  /** Pages of the trace-id column whose min/max include {@code id}, or null when none. */
  private static @Nullable RowRanges candidatePages(
      ParquetFileReader reader, BlockMetaData b, byte[] id) {
    ColumnChunkMetaData col = b.getColumns().get(0);
    if (!col.getPath().equals(TRACE_ID)) {
      throw new IllegalStateException("first column is " + col.getPath() + ", not trace_id");
    }
    var stats = col.getStatistics();
    if (stats != null && stats.hasNonNullValue()) {
      if (compare(id, ((Binary) stats.genericGetMin()).getBytes()) < 0
          || compare(id, ((Binary) stats.genericGetMax()).getBytes()) > 0) {
        return null;
      }
    }
    try {
      ColumnIndex ci = reader.readColumnIndex(col);
      OffsetIndex oi = reader.readOffsetIndex(col);
      if (ci == null || oi == null) {
        return RowRanges.createSingle(b.getRowCount());
      }
      RowRanges.Builder rows = RowRanges.builder();
      boolean any = false;
      for (int p = 0; p < oi.getPageCount(); p++) {
        if (ci.getNullPages().get(p)
            || compare(id, bytes(ci.getMinValues().get(p))) < 0
            || compare(id, bytes(ci.getMaxValues().get(p))) > 0) {
          continue;
        }
        rows.addSelectedRange(oi.getFirstRowIndex(p), oi.getLastRowIndex(p, b.getRowCount()));
        any = true;
      }
      return any ? rows.build() : null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Narrows candidate pages to the exact rows of the trace, reading only the trace-id column. */
  private RowRanges exactRows(
      ParquetFileReader reader, int rg, long rowCount, RowRanges pages, byte[] id)
      throws IOException {
    reader.setRequestedSchema(TRACE_ID_ONLY);
    RowRanges.Builder exact = RowRanges.builder();
    String createdBy = parquet.tail().footer().getFileMetaData().getCreatedBy();
    RowSelection.readColumn(
        reader,
        rg,
        pages,
        rowCount,
        TRACE_ID_ONLY,
        createdBy,
        (row, column) -> {
          if (Arrays.equals(column.getBinary().getBytesUnsafe(), id)) {
            exact.addSelectedRow(row);
          }
        });
    return exact.build();
  }

  @Override
  public TraceIterator iterateTraces(
      TraceProjection projection, @Nullable RoaringBitmap rows, SpanBounds bounds) {
    long[] firstRows = parquet.tail().firstRows();
    List<BlockMetaData> blocks = parquet.tail().footer().getBlocks();
    Vsk1TraceIterator.Selection[] selections = new Vsk1TraceIterator.Selection[blocks.size()];
    try (ParquetFileReader index = parquet.open(parquet.file())) {
      Set<ByteBuffer>[] plan = RowGroupPruning.plan(blocks, bounds, index, shapes());
      for (int rg = 0; rg < blocks.size(); rg++) {
        BlockMetaData b = blocks.get(rg);
        RowRanges selected = plan[rg] == null ? null : ranges(rows, firstRows[rg], b.getRowCount());
        if (selected != null && !plan[rg].isEmpty()) {
          // only the straddling traces: the pages that may hold them
          RowRanges pages = RowRanges.EMPTY;
          for (ByteBuffer id : plan[rg]) {
            RowRanges p = candidatePages(index, b, bytes(id));
            pages = p == null ? pages : RowRanges.union(pages, p);
          }
          selected = RowRanges.intersection(selected, pages);
        }
        if (selected != null && selected.rowCount() > 0) {
          selections[rg] = new Vsk1TraceIterator.Selection(selected, plan[rg]);
        }
      }
    } catch (IOException e) {
      throw parquet.corrupt(0, "close", e);
    }
    return new Vsk1TraceIterator(
        parquet, projection, rg -> selections[rg], projection.isAll() ? maxGapBytes : scanGapBytes);
  }

  /** Every column of every row, captured verbatim: see {@link Vsk1StoredTraceIterator}. */
  @Override
  public StoredTraceIterator iterateStored() {
    return new Vsk1StoredTraceIterator(
        parquet,
        parquet.tail().footer().getFileMetaData().getSchema(),
        maxGapBytes,
        this::searchIndex);
  }

  @Override
  public @Nullable RoaringBitmap filterTraces(
      TraceFilter filter, @Nullable RoaringBitmap rows, SpanBounds bounds) {
    return TraceFilterScan.run(
        parquet, filter, rows, bounds, attrSlots(), shapes(), scanGapBytes, this::rowsOf);
  }

  /** The rows of one trace within row group {@code rg}, reading only its trace-id pages. */
  private RowRanges rowsOf(int rg, byte[] id) throws IOException {
    BlockMetaData b = parquet.tail().footer().getBlocks().get(rg);
    StoreInputFile file = parquet.file();
    try (ParquetFileReader reader = parquet.open(file)) {
      RowRanges candidates = candidatePages(reader, b, id);
      if (candidates == null) {
        return RowRanges.EMPTY;
      }
      parquet.prefetch(
          file, reader, rg, RowSelection.planned(candidates, b.getRowCount()), Set.of(TRACE_ID));
      try (ParquetFileReader ids = parquet.open(file)) {
        return exactRows(ids, rg, b.getRowCount(), candidates, id);
      }
    }
  }

  @Override
  public List<String> scanColumns() {
    List<String> out = new ArrayList<>();
    for (Type t : Vsk1Schema.SCHEMA.getFields()) {
      if (t.isPrimitive()) {
        out.add(t.getName());
      }
    }
    return out;
  }

  @Override
  public void scan(List<String> columns, @Nullable RoaringBitmap rows, Consumer<SpanRow> visitor) {
    List<Type> fields = new ArrayList<>();
    Set<ColumnPath> paths = new java.util.HashSet<>();
    for (String c : columns) {
      if (!Vsk1Schema.SCHEMA.containsField(c) || !Vsk1Schema.SCHEMA.getType(c).isPrimitive()) {
        throw new IllegalArgumentException("no flat column '" + c + "' in " + Vsk1Format.VERSION);
      }
      fields.add(Vsk1Schema.SCHEMA.getType(c));
      paths.add(ColumnPath.get(c));
    }
    ShapeTable shapes = shapes();
    List<Type> read = new ArrayList<>(fields);
    if (!columns.contains("shape")
        && columns.stream().anyMatch(c -> shapes.column(c) >= 0 && shapes.size() > 1)) {
      // values of shape columns may stand in the row's shape: read it too (not returned)
      read.add(Vsk1Schema.SCHEMA.getType("shape"));
      paths.add(ColumnPath.get("shape"));
    }
    MessageType projection = new MessageType(Vsk1Schema.SCHEMA.getName(), read);
    ParquetAccess.Tail tail = parquet.tail();
    StoreInputFile file = parquet.file();
    Map<String, @Nullable Object> values = new HashMap<>();
    ScanMaterializer materializer = new ScanMaterializer(projection, shapes);
    try (ParquetFileReader reader = parquet.open(file)) {
      reader.setRequestedSchema(projection);
      List<BlockMetaData> blocks = tail.footer().getBlocks();
      for (int rg = 0; rg < blocks.size(); rg++) {
        long first = tail.firstRows()[rg];
        long count = blocks.get(rg).getRowCount();
        RowRanges ranges = ranges(rows, first, count);
        if (ranges == null) {
          continue;
        }
        try {
          parquet.prefetch(
              file, reader, rg, RowSelection.planned(ranges, count), paths, scanGapBytes);
          RowSelection.read(
              reader,
              rg,
              ranges,
              count,
              projection,
              materializer,
              (row, v) -> {
                values.clear();
                for (int f = 0; f < fields.size(); f++) {
                  values.put(fields.get(f).getName(), v[f]);
                }
                visitor.accept(new SpanRow(first + row, values));
              });
        } catch (IOException | RuntimeException e) {
          throw parquet.corrupt(blocks.get(rg).getStartingPos(), "cannot scan row group " + rg, e);
        }
      }
    } catch (IOException e) {
      throw parquet.corrupt(0, "close", e);
    }
  }

  static @Nullable RowRanges ranges(@Nullable RoaringBitmap rows, long first, long count) {
    if (rows == null) {
      return RowRanges.createSingle(count);
    }
    RowRanges.Builder b = RowRanges.builder();
    boolean any = false;
    var it = rows.getIntIterator();
    // bitmaps hold block rows; keep those of this row group
    long lo = first;
    long hi = first + count;
    it.advanceIfNeeded((int) Math.min(Integer.MAX_VALUE, lo));
    while (it.hasNext()) {
      long r = Integer.toUnsignedLong(it.next());
      if (r >= hi) {
        break;
      }
      if (r >= lo) {
        b.addSelectedRow(r - first);
        any = true;
      }
    }
    return any ? b.build() : null;
  }

  @Override
  public SearchIndex searchIndex() {
    SearchIndex idx = searchIndex;
    if (idx == null) {
      String key = meta.key(SearchIndex.OBJECT_NAME);
      idx = SearchIndex.read(key, store.get(key));
      searchIndex = idx;
    }
    return idx;
  }

  /**
   * Which span attribute keys have slot columns in this block ({@link AttrSlots#column}), from the
   * cached footer.
   */
  AttrSlots attrSlots() {
    AttrSlots s = attrSlots;
    if (s == null) {
      s = AttrSlots.of(parquet);
      attrSlots = s;
    }
    return s;
  }

  /** The block's span shapes ({@link ShapeTable}), from the cached footer. */
  ShapeTable shapes() {
    ShapeTable s = shapes;
    if (s == null) {
      s = ShapeTableCodec.of(parquet);
      shapes = s;
    }
    return s;
  }

  private TraceIdBloom bloom(int shard) {
    TraceIdBloom b = blooms.get(shard);
    if (b == null) {
      String key = meta.key(Vsk1Format.bloomName(shard));
      b = TraceIdBloom.deserialize(key, store.get(key));
      blooms.set(shard, b);
    }
    return b;
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Vsk1BlockReader{" + meta.prefix() + "}";
  }
}
