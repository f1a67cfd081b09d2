package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.StoredTrace;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.SearchIndexBuilder;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.jspecify.annotations.Nullable;

/**
 * Writes a vsk1 block: spans stream into a local Parquet file (memory: one row-group buffer), trace
 * ids are kept for the bloom filters (16 bytes per trace), the search index collects capped
 * postings; {@link #complete()} uploads data, bloom shards and index, then {@code meta.json}.
 */
final class Vsk1BlockWriter implements BlockWriter {

  static final String DATA = "data.parquet";

  /**
   * Integer columns written BYTE_STREAM_SPLIT without a dictionary: each byte position becomes its
   * own stream, so zstd drops the all-zero (or, for the trace start, shared) high bytes and codes
   * the random low ones alone. Span and trace times (one distinct value per trace or span, so a
   * dictionary only adds indexes), parent distances (small ints whose low byte zstd's entropy coder
   * takes below the dictionary's bit-packed index: 0.37 -> 0.31 B/span) and the int slot columns
   * (sizes, counters, codes); measured on ShopTraces (RATIONALE.md): duration 3.58 -> 3.04 B/span,
   * int slots 1.91 -> 1.57 (a per-row-group dictionary of random sizes cost more than it saved).
   * String slots keep their dictionary: plain was worse (2.18 -> 2.80 B/span for the peer
   * addresses).
   */
  private static final List<String> BYTE_STREAM_SPLIT = byteStreamSplitColumns();

  /**
   * The only columns with Parquet statistics (chunk min/max/null count and the page column index):
   * the ones a reader prunes on. {@code trace_id} for trace-by-id (row group, then pages), the
   * intrinsics of {@link RowGroupPruning}, and {@code attrs.key}'s null count ({@link
   * GenericKeys}). Statistics of every other leaf column were chunk metadata and column index
   * entries that nothing reads, per row group (RATIONALE.md, "Size against the targets").
   */
  static final List<String> STATISTICS =
      List.of("trace_id", "shape", "name", "kind", "status_code", "duration_nano", "attrs.key");

  private static final int TRACE_START_FIELD =
      Vsk1Schema.SCHEMA.getFieldIndex("trace_start_unix_nano");
  private static final int TRACE_DURATION_FIELD =
      Vsk1Schema.SCHEMA.getFieldIndex("trace_duration_nano");

  private enum State {
    OPEN,
    COMPLETED,
    CLOSED
  }

  private final ObjectStore store;
  private final NewBlock block;
  private final BlockConfig config;
  private final Clock clock;
  private final Path dataFile;
  private final SearchIndexBuilder index;
  private @Nullable ParquetWriter<Vsk1Row> parquet;
  private final CopiedPostings copiedPostings = new CopiedPostings();
  private final SpanWriteSupport writeSupport;
  private final Map<Vsk1StoredTraceIterator, SlotRemap> remaps = new IdentityHashMap<>();

  private final boolean indexResourcesOncePerTrace;

  /** Serialized resource and scope headers, one binary per distinct header of the block. */
  private final HeaderBinaries headers;

  /** The resources of the trace being added whose attributes are in the index already. */
  private final Map<ResourceSpans, Boolean> indexedResources = new IdentityHashMap<>();

  private State state = State.OPEN;
  private @Nullable TraceId last;
  private @Nullable TraceId first;
  private long[] ids = new long[2048];
  private int traces;
  private long spans;
  private long start = Long.MAX_VALUE;
  private long end = Long.MIN_VALUE;

  Vsk1BlockWriter(ObjectStore store, NewBlock block, BlockConfig config, Clock clock) {
    this(store, block, config, clock, true);
  }

  /**
   * {@code fast} false writes through the reference paths that the writer's shortcuts replaced
   * ({@link SpanWriteSupport}, resource attributes indexed per span): the same bytes, slower. Tests
   * compare the two.
   */
  Vsk1BlockWriter(
      ObjectStore store, NewBlock block, BlockConfig config, Clock clock, boolean fast) {
    this(store, block, config, clock, fast, ShapeLimits.DEFAULT);
  }

  /**
   * {@code shapes} bounds the block's span-shape table ({@link ShapeTable}); {@link
   * ShapeLimits#NONE} writes every value in its column, as a block without shapes (tests compare
   * the two).
   */
  Vsk1BlockWriter(
      ObjectStore store,
      NewBlock block,
      BlockConfig config,
      Clock clock,
      boolean fast,
      ShapeLimits shapes) {
    this.writeSupport = new SpanWriteSupport(fast, shapes);
    this.indexResourcesOncePerTrace = fast;
    this.headers = fast ? HeaderBinaries.shared() : HeaderBinaries.unshared();
    this.store = store;
    this.block = block;
    this.config = config;
    this.clock = clock;
    this.dataFile = block.workDir().resolve(DATA);
    this.index = new SearchIndexBuilder(config.maxIndexedValuesPerKey());
  }

  @Override
  public void add(Trace trace) {
    TraceId id = trace.traceId();
    checkNext(id);
    if (trace.spanCount() == 0) {
      throw new IllegalArgumentException("trace " + id + " has no spans");
    }
    TraceRows rows = new TraceRows(trace, headers);
    ByteString idBytes = ByteString.copyFrom(rows.traceId);
    for (FlatSpan f : rows.spans) {
      if (!f.span().getTraceId().equals(idBytes)) {
        throw new IllegalArgumentException(
            "span of trace " + id + " carries trace id " + hex(f.span()));
      }
    }
    try {
      ParquetWriter<Vsk1Row> w = parquet != null ? parquet : open();
      index.startTrace(traces, (int) spans);
      indexedResources.clear();
      for (int i = 0; i < rows.spans.size(); i++) {
        w.write(new SpanWriteSupport.Row(rows, i));
        indexRow(rows.spans.get(i), traces);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("write " + dataFile, e);
    }
    added(id, rows.spans.size(), rows.start, rows.end);
  }

  /**
   * Copies a trace read from a vsk1 block of this schema row by row, without decoding it to OTLP:
   * its rows already hold the right trace-level values and parent distances, since they were
   * written for the same trace. Its search-index postings are taken from the input's index when the
   * block completes ({@link CopiedPostings}). The input's attribute slots are moved onto this
   * block's ({@link SlotRemap}); a trace using a key for which this block has no free slot left, or
   * from another schema, is decoded and {@link #add added}.
   */
  @Override
  public boolean addStored(StoredTrace trace) {
    if (!(trace instanceof Vsk1StoredTrace stored)
        || !stored.rows().schema().equals(Vsk1Schema.SCHEMA)) {
      add(trace.decode());
      return false;
    }
    TraceId id = trace.traceId();
    checkNext(id);
    CapturedRows rows = stored.rows();
    if (rows.rowCount() == 0) {
      throw new IllegalArgumentException("trace " + id + " has no spans");
    }
    SlotRemap remap =
        remaps.computeIfAbsent(
            stored.source(), s -> new SlotRemap(s.attrSlots(), writeSupport.slots()));
    ShapeTable shapes = stored.source().shapes();
    SlotRemap.Plan plan = remap.plan(rows, shapes);
    if (plan == SlotRemap.Plan.DECODE) {
      add(trace.decode());
      return false;
    }
    SlotRemap moves = plan == SlotRemap.Plan.REMAP ? remap : null;
    try {
      ParquetWriter<Vsk1Row> w = parquet != null ? parquet : open();
      index.startTrace(traces, (int) spans);
      for (int i = 0; i < rows.rowCount(); i++) {
        w.write(new CopiedRow(rows, i, moves, shapes));
      }
      copiedPostings.copied(stored, traces);
    } catch (IOException e) {
      throw new UncheckedIOException("write " + dataFile, e);
    }
    long traceStart = rows.topLevelLong(0, TRACE_START_FIELD);
    added(id, rows.rowCount(), traceStart, traceStart + rows.topLevelLong(0, TRACE_DURATION_FIELD));
    return true;
  }

  private void checkNext(TraceId id) {
    if (state != State.OPEN) {
      throw new IllegalStateException("block writer is " + state);
    }
    if (last != null && id.compareTo(last) <= 0) {
      throw new IllegalArgumentException(
          "traces must come in ascending trace-id order: " + id + " after " + last);
    }
  }

  /** Block-level bookkeeping of a trace just written. */
  private void added(TraceId id, int spanCount, long traceStart, long traceEnd) {
    spans += spanCount;
    start = Math.min(start, traceStart);
    end = Math.max(end, traceEnd);
    if (first == null) {
      first = id;
    }
    last = id;
    if (traces * 2 + 2 > ids.length) {
      ids = Arrays.copyOf(ids, ids.length * 2);
    }
    ids[traces * 2] = id.high();
    ids[traces * 2 + 1] = id.low();
    traces++;
  }

  private ParquetWriter<Vsk1Row> open() throws IOException {
    Files.createDirectories(block.workDir());
    Builder builder =
        new Builder(new LocalOutputFile(dataFile), writeSupport)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new ZstdCodecFactory(config.zstdLevel()))
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
            .withRowGroupSize(config.rowGroupBytes())
            .withRowGroupRowCountLimit(config.rowGroupRows())
            .withPageSize(config.pageBytes())
            .withPageRowCountLimit(config.pageRowLimit())
            .withDictionaryEncoding(true)
            .withDictionaryEncoding("span_id", false)
            .withDictionaryEncoding("parent_span_id", false)
            .withDictionaryEncoding("span_id_other", false)
            // mostly unique values (ids, addresses): plain + zstd beats a dictionary
            .withDictionaryEncoding("attrs.str", false)
            .withDictionaryEncoding("attrs.raw", false)
            .withPageWriteChecksumEnabled(true)
            // nothing reads Parquet size statistics; per value they cost ~6 % of a compaction's CPU
            .withSizeStatisticsEnabled(false);
    builder.withStatisticsEnabled(false);
    for (String column : STATISTICS) {
      builder.withStatisticsEnabled(column, true);
    }
    for (String column : BYTE_STREAM_SPLIT) {
      builder.withDictionaryEncoding(column, false).withByteStreamSplitEncoding(column, true);
    }
    parquet = builder.build();
    return parquet;
  }

  private void indexRow(FlatSpan f, int ordinal) {
    Span span = f.span();
    index.add(TagScope.INTRINSIC, "name", TagValue.Type.STRING, span.getName(), ordinal);
    index.add(TagScope.INTRINSIC, "status", TagValue.Type.STRING, statusName(span), ordinal);
    index.add(TagScope.INTRINSIC, "kind", TagValue.Type.STRING, kindName(span), ordinal);
    // postings are per trace: a resource's attributes need indexing once per trace
    if (!indexResourcesOncePerTrace || indexedResources.put(f.resource(), Boolean.TRUE) == null) {
      for (KeyValue kv : f.resource().getResource().getAttributesList()) {
        indexAttribute(TagScope.RESOURCE, kv, ordinal);
      }
    }
    for (KeyValue kv : span.getAttributesList()) {
      indexAttribute(TagScope.SPAN, kv, ordinal);
    }
  }

  /**
   * Indexes a scalar value in {@link TagValue}'s canonical text, without making the {@code
   * TagValue}; arrays, kvlists, bytes leave the key unindexed, empty values are skipped.
   */
  private void indexAttribute(TagScope scope, KeyValue kv, int ordinal) {
    AnyValue v = kv.getValue();
    switch (v.getValueCase()) {
      case STRING_VALUE ->
          index.add(scope, kv.getKey(), TagValue.Type.STRING, v.getStringValue(), ordinal);
      case INT_VALUE ->
          index.add(scope, kv.getKey(), TagValue.Type.INT, Long.toString(v.getIntValue()), ordinal);
      case DOUBLE_VALUE ->
          index.add(
              scope,
              kv.getKey(),
              TagValue.Type.DOUBLE,
              Double.toString(v.getDoubleValue()),
              ordinal);
      case BOOL_VALUE ->
          index.add(
              scope, kv.getKey(), TagValue.Type.BOOL, Boolean.toString(v.getBoolValue()), ordinal);
      case VALUE_NOT_SET -> {}
      // arrays, kvlists, bytes: TraceQL may still match them, so never prune on the key
      default -> index.addUnindexable(scope, kv.getKey());
    }
  }

  /** The status as TraceQL names it: unset, ok, error. */
  static String statusName(Span span) {
    return switch (span.getStatus().getCodeValue()) {
      case 0 -> "unset";
      case 1 -> "ok";
      case 2 -> "error";
      default -> Integer.toString(span.getStatus().getCodeValue());
    };
  }

  /** The kind as TraceQL names it: unspecified, internal, server, client, producer, consumer. */
  static String kindName(Span span) {
    return switch (span.getKindValue()) {
      case 0 -> "unspecified";
      case 1 -> "internal";
      case 2 -> "server";
      case 3 -> "client";
      case 4 -> "producer";
      case 5 -> "consumer";
      default -> Integer.toString(span.getKindValue());
    };
  }

  @Override
  public long traceCount() {
    return traces;
  }

  @Override
  public long spanCount() {
    return spans;
  }

  @Override
  public long dataBytes() {
    return parquet == null ? 0 : parquet.getDataSize();
  }

  @Override
  public BlockMeta complete() {
    if (state != State.OPEN) {
      throw new IllegalStateException("block writer is " + state);
    }
    if (traces == 0 || parquet == null) {
      throw new IllegalStateException("cannot complete an empty block");
    }
    state = State.COMPLETED;
    try {
      parquet.close();
      int rowGroups = parquet.getFooter().getBlocks().size();
      String prefix = block.tenant() + "/" + block.blockId() + "/";
      long dataBytes = Files.size(dataFile);
      long[] tail = tail(parquet.getFooter(), dataBytes);
      int shards =
          TraceIdBloom.shardCount(
              traces, config.bloomFalsePositiveRate(), config.bloomShardBytes());
      long bloomBytes = writeBlooms(prefix, shards);
      copiedPostings.addTo(index);
      byte[] idx = index.serialize(Math.toIntExact(spans));
      store.put(prefix + DATA, dataFile);
      store.put(prefix + SearchIndex.OBJECT_NAME, idx);
      BlockMeta meta =
          new BlockMeta(
              block.blockId(),
              block.tenant(),
              Vsk1Format.VERSION,
              first,
              last,
              start,
              end,
              traces,
              spans,
              dataBytes,
              tail[0],
              tail[1],
              bloomBytes,
              idx.length,
              rowGroups,
              shards,
              block.compactionLevel(),
              block.generation(),
              clock.instant());
      store.put(prefix + BlockMeta.META_JSON, BlockMetaJson.write(meta));
      return meta;
    } catch (IOException e) {
      throw new UncheckedIOException("complete block " + block.blockId(), e);
    } finally {
      deleteLocal();
    }
  }

  /** Size and CRC32C of the file's tail: page indexes, footer, footer length and magic. */
  private long[] tail(ParquetMetadata footer, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(dataFile)) {
      ByteBuffer lenAndMagic = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(lenAndMagic, length - 8);
      long footerStart = length - 8 - lenAndMagic.getInt(0);
      long start = ParquetAccess.tailStart(footer, footerStart);
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(length - start));
      while (bytes.hasRemaining()) {
        if (ch.read(bytes, start + bytes.position()) < 0) {
          throw new IOException("unexpected end of " + dataFile);
        }
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.flip());
      return new long[] {length - start, crc.getValue()};
    }
  }

  private long writeBlooms(String prefix, int shards) {
    int[] perShard = new int[shards];
    for (int i = 0; i < traces; i++) {
      perShard[TraceIdBloom.shardOf(new TraceId(ids[i * 2], ids[i * 2 + 1]), shards)]++;
    }
    TraceIdBloom[] blooms = new TraceIdBloom[shards];
    for (int s = 0; s < shards; s++) {
      blooms[s] = TraceIdBloom.create(perShard[s], config.bloomFalsePositiveRate());
    }
    for (int i = 0; i < traces; i++) {
      TraceId id = new TraceId(ids[i * 2], ids[i * 2 + 1]);
      blooms[TraceIdBloom.shardOf(id, shards)].add(id);
    }
    long bytes = 0;
    for (int s = 0; s < shards; s++) {
      byte[] b = blooms[s].serialize();
      bytes += b.length;
      store.put(prefix + Vsk1Format.bloomName(s), b);
    }
    return bytes;
  }

  @Override
  public void close() {
    if (state == State.OPEN && parquet != null) {
      try {
        parquet.close();
      } catch (IOException | RuntimeException e) {
        // abandoning the block: the local file is deleted below either way
      }
    }
    state = State.CLOSED;
    deleteLocal();
  }

  private void deleteLocal() {
    try {
      Files.deleteIfExists(dataFile);
      Path crc = dataFile.resolveSibling("." + DATA + ".crc");
      Files.deleteIfExists(crc);
    } catch (IOException e) {
      throw new UncheckedIOException("delete " + dataFile, e);
    }
  }

  private static String hex(Span span) {
    StringBuilder sb = new StringBuilder();
    for (byte b : span.getTraceId().toByteArray()) {
      sb.append(String.format(Locale.ROOT, "%02x", b));
    }
    return sb.isEmpty() ? "<empty>" : sb.toString();
  }

  @Override
  public String toString() {
    return "Vsk1BlockWriter{" + block.tenant() + "/" + block.blockId() + ", " + config + "}";
  }

  private static List<String> byteStreamSplitColumns() {
    List<String> out =
        new ArrayList<>(
            List.of(
                "start_delta_nano",
                "duration_nano",
                "trace_start_unix_nano",
                "trace_duration_nano",
                "parent_distance"));
    for (int i = 0; i < AttrSlots.Kind.INT.slots; i++) {
      out.add(AttrSlots.Kind.INT.column(i));
    }
    return List.copyOf(out);
  }

  private static final class Builder extends ParquetWriter.Builder<Vsk1Row, Builder> {

    private final SpanWriteSupport support;

    Builder(OutputFile file, SpanWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Vsk1Row> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Vsk1Row> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
