package dev.skein.storage.block.vsk1;

import static dev.skein.storage.block.vsk1.AttrCodec.binaryField;
import static dev.skein.storage.block.vsk1.AttrCodec.intField;
import static dev.skein.storage.block.vsk1.AttrCodec.longField;

import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one span row straight to Parquet's {@link RecordConsumer} (no intermediate object model).
 * Overrides both {@code init} overloads so that Hadoop's {@code Configuration} is never touched.
 */
final class SpanWriteSupport extends WriteSupport<Vsk1Row> {

  private static final MessageType S = Vsk1Schema.SCHEMA;
  private static final int SCOPE_NAME = S.getFieldIndex("scope_name");
  private static final int SCOPE_VERSION = S.getFieldIndex("scope_version");
  private static final int NAME = S.getFieldIndex("name");

  private RecordConsumer rc;

  /**
   * Whether values take the shortcuts (shared string binaries, dedicated values placed by field
   * index) or the reference path they replaced; both write the same bytes (tests compare them).
   */
  private final boolean fast;

  /** UTF-8 binaries of string values ({@link StringBinaries}). */
  private final StringBinaries strings;

  /** Dedicated column values of the span being written, by schema field index (reused). */
  private final Object[] byField = new Object[S.getFieldCount()];

  /** The span attributes going to columns and to the generic list, of the span being written. */
  private final Map<String, Object> spanColumns = new HashMap<>();

  private final List<KeyValue> spanGeneric = new ArrayList<>();

  /** This file's slot assignment, written to the footer by {@link #finalizeWrite}. */
  private final AttrSlots.Assigner slots = new AttrSlots.Assigner();

  /**
   * This file's span shapes ({@link ShapeTable}), written to the footer by {@link #finalizeWrite}.
   */
  private final RowShapes shapes;

  /** Writes copied rows re-shaped for this file's table. */
  private final CopyReshaper copies;

  /** This file's slot assignment so far; copied rows are moved onto it ({@link SlotRemap}). */
  AttrSlots.Assigner slots() {
    return slots;
  }

  /** The fast path. */
  SpanWriteSupport() {
    this(true);
  }

  SpanWriteSupport(boolean fast) {
    this(fast, ShapeLimits.DEFAULT);
  }

  SpanWriteSupport(boolean fast, ShapeLimits shapeLimits) {
    this.fast = fast;
    this.shapes = new RowShapes(shapeLimits);
    this.copies = new CopyReshaper(shapes);
    this.strings = fast ? StringBinaries.shared() : StringBinaries.unshared();
  }

  /** One row: span {@code index} of {@code trace}. */
  record Row(TraceRows trace, int index) implements Vsk1Row {}

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(S, Map.of("skein.format", Vsk1Format.VERSION));
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(S, Map.of("skein.format", Vsk1Format.VERSION));
  }

  @Override
  public FinalizedWriteContext finalizeWrite() {
    return new FinalizedWriteContext(
        Map.of(
            AttrSlots.METADATA_KEY,
            slots.metadata(),
            ShapeTableCodec.METADATA_KEY,
            shapes.metadata()));
  }

  @Override
  public String getName() {
    return "skein-" + Vsk1Format.VERSION;
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.rc = recordConsumer;
  }

  @Override
  public void write(Vsk1Row row) {
    switch (row) {
      case Row r -> write(r);
      case CopiedRow c -> copies.write(c, rc);
    }
  }

  private void write(Row row) {
    TraceRows t = row.trace();
    int i = row.index();
    FlatSpan f = t.spans.get(i);
    Span span = f.span();
    InstrumentationScope scope = f.scope().getScope();
    // per-span scratch, reused: both are consumed before the next span
    Map<String, Object> columns = spanColumns;
    List<KeyValue> generic = spanGeneric;
    columns.clear();
    generic.clear();
    byte[] layout = SpanAttrLayout.split(span.getAttributesList(), slots, columns, generic);
    int shape = shape(t, f, span, scope, layout, columns);
    rc.startMessage();
    bin("trace_id", Binary.fromConstantByteArray(t.traceId));
    if (i == 0) {
      // trace-level values once per trace (the end is start + duration)
      lng("trace_start_unix_nano", t.start);
      lng("trace_duration_nano", t.end - t.start);
      if (t.rootService != null) {
        str("trace_root_service", t.rootService);
        str("trace_root_span_name", t.rootSpanName);
      }
      bin("trace_service_stats", Binary.fromConstantByteArray(ServiceStats.encode(t.serviceStats)));
    }
    integer("shape", shape);
    intCell("presence", RowShapes.PRESENCE);
    binCell("resource", RowShapes.RESOURCE);
    binCell("scope", RowShapes.SCOPE);
    binCell("scope_name", RowShapes.SCOPE_NAME);
    binCell("scope_version", RowShapes.SCOPE_VERSION);
    writeSpan(span, t, i, columns, generic);
    rc.endMessage();
  }

  /**
   * Shapes the row ({@link RowShapes}): its shape-column values either stand in the block's table
   * under the returned ordinal or stay in {@link RowShapes#cell} and {@code columns} for their real
   * columns.
   */
  private int shape(
      TraceRows t,
      FlatSpan f,
      Span span,
      InstrumentationScope scope,
      byte[] layout,
      Map<String, Object> columns) {
    Object[] cells = shapes.start();
    cells[RowShapes.PRESENCE] = span.hasStatus() ? Vsk1Schema.HAS_STATUS : 0;
    cells[RowShapes.RESOURCE] = t.resourceBytes(f.resource());
    cells[RowShapes.SCOPE] = t.scopeBytes(f.scope());
    cells[RowShapes.SCOPE_NAME] = strings.of(SCOPE_NAME, scope.getName());
    cells[RowShapes.SCOPE_VERSION] = strings.of(SCOPE_VERSION, scope.getVersion());
    cells[RowShapes.NAME] = strings.of(NAME, span.getName());
    cells[RowShapes.KIND] = span.getKindValue();
    cells[RowShapes.STATUS_CODE] = span.getStatus().getCodeValue();
    cells[RowShapes.ATTR_LAYOUT] = Binary.fromConstantByteArray(layout);
    shapes.takeColumns(columns, strings);
    int ordinal = shapes.shape();
    shapes.returnColumns(columns);
    return ordinal;
  }

  private void writeSpan(
      Span span, TraceRows t, int i, Map<String, Object> columns, List<KeyValue> generic) {
    // 8-byte ids (all valid ones) without a length prefix per value; any other length apart
    bin(
        span.getSpanId().size() == 8 ? "span_id" : "span_id_other",
        AttrCodec.bin(span.getSpanId()));
    if (t.parentDistance[i] != ParentLinks.NO_DISTANCE) {
      integer("parent_distance", t.parentDistance[i]);
    } else if (!span.getParentSpanId().isEmpty()) {
      bin("parent_span_id", AttrCodec.bin(span.getParentSpanId()));
    }
    binCell("name", RowShapes.NAME);
    intCell("kind", RowShapes.KIND);
    // relative to the previous sibling or the parent ({@link StartReference}): >= 0, often tiny
    lng("start_delta_nano", t.startDelta[i]);
    lng("duration_nano", span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    intCell("status_code", RowShapes.STATUS_CODE);
    str("status_message", span.getStatus().getMessage());
    str("trace_state", span.getTraceState());
    integer("flags", span.getFlags());
    integer("dropped_attributes_count", span.getDroppedAttributesCount());
    integer("dropped_events_count", span.getDroppedEventsCount());
    integer("dropped_links_count", span.getDroppedLinksCount());
    if (!span.getUnknownFields().asMap().isEmpty()
        || !span.getStatus().getUnknownFields().asMap().isEmpty()) {
      Span.Builder ext = Span.newBuilder().setUnknownFields(span.getUnknownFields());
      if (span.hasStatus()) {
        ext.setStatus(span.getStatus().toBuilder().clearCode().clearMessage());
      }
      bin("span_ext", AttrCodec.bin(ext.build().toByteString()));
    }
    binCell("attr_layout", RowShapes.ATTR_LAYOUT);
    AttrCodec.write(rc, "attrs", S.getFieldIndex("attrs"), generic);
    writeDedicated(columns);
    if (span.getEventsCount() > 0) {
      writeEvents(span);
    }
    if (span.getLinksCount() > 0) {
      writeLinks(span);
    }
  }

  /**
   * A span's events as one value: a serialized {@code Span} holding only its events, each event's
   * time made relative to the span start (wrapping subtraction, so exact for any value; {@link
   * RowDecoder} adds it back). Events are rare and read whole, so a nested group of eleven leaf
   * columns paid repetition and definition levels on every row for nothing (0.38 B/span on the
   * bench workload); equal event lists (the same exception on many spans) share one dictionary
   * entry.
   */
  private void writeEvents(Span span) {
    Span.Builder holder = Span.newBuilder();
    long start = span.getStartTimeUnixNano();
    for (Span.Event e : span.getEventsList()) {
      holder.addEvents(e.toBuilder().setTimeUnixNano(e.getTimeUnixNano() - start));
    }
    bin("events", AttrCodec.bin(holder.build().toByteString()));
  }

  private void writeLinks(Span span) {
    int idx = S.getFieldIndex("links");
    rc.startField("links", idx);
    for (Span.Link l : span.getLinksList()) {
      rc.startGroup();
      binaryField(rc, "trace_id", 0, AttrCodec.bin(l.getTraceId()));
      binaryField(rc, "span_id", 1, AttrCodec.bin(l.getSpanId()));
      binaryField(rc, "trace_state", 2, Binary.fromString(l.getTraceState()));
      intField(rc, "flags", 3, l.getFlags());
      intField(rc, "dropped_attributes_count", 4, l.getDroppedAttributesCount());
      if (!l.getUnknownFields().asMap().isEmpty()) {
        binaryField(rc, "ext", 5, AttrCodec.bin(l.getUnknownFields().toByteString()));
      }
      AttrCodec.write(rc, "attrs", 6, l.getAttributesList());
      rc.endGroup();
    }
    rc.endField("links", idx);
  }

  private void writeDedicated(Map<String, Object> dedicated) {
    if (dedicated.isEmpty()) {
      return;
    }
    if (!fast) {
      writeDedicatedSorted(dedicated);
      return;
    }
    // fields must be written in schema order: place the values by field index, then walk it
    int lo = byField.length;
    int hi = -1;
    for (Map.Entry<String, Object> e : dedicated.entrySet()) {
      int field = S.getFieldIndex(e.getKey());
      byField[field] = e.getValue();
      lo = Math.min(lo, field);
      hi = Math.max(hi, field);
    }
    for (int field = lo; field <= hi; field++) {
      Object value = byField[field];
      if (value == null) {
        continue;
      }
      byField[field] = null;
      dedicatedValue(S.getFieldName(field), field, value);
    }
  }

  /** One dedicated column's value: a string, a binary or a long. */
  private void dedicatedValue(String name, int field, Object value) {
    if (value instanceof String s) {
      binaryField(rc, name, field, strings.of(field, s));
    } else if (value instanceof Binary b) {
      binaryField(rc, name, field, b);
    } else {
      longField(rc, name, field, (Long) value);
    }
  }

  /** The reference path of {@link #writeDedicated}: sorts the entries by field index. */
  private void writeDedicatedSorted(Map<String, Object> dedicated) {
    dedicated.entrySet().stream()
        .sorted(Map.Entry.comparingByKey((a, b) -> S.getFieldIndex(a) - S.getFieldIndex(b)))
        .forEach(e -> dedicatedValue(e.getKey(), S.getFieldIndex(e.getKey()), e.getValue()));
  }

  /** Writes shape cell {@code cell} to {@code field} when the row keeps it in the column. */
  private void binCell(String field, int cell) {
    Object v = shapes.cell(cell);
    if (v != null) {
      bin(field, (Binary) v);
    }
  }

  private void intCell(String field, int cell) {
    Object v = shapes.cell(cell);
    if (v != null) {
      integer(field, (Integer) v);
    }
  }

  private void str(String field, String value) {
    int index = S.getFieldIndex(field);
    binaryField(rc, field, index, strings.of(index, value));
  }

  private void bin(String field, Binary value) {
    binaryField(rc, field, S.getFieldIndex(field), value);
  }

  private void lng(String field, long value) {
    longField(rc, field, S.getFieldIndex(field), value);
  }

  private void integer(String field, int value) {
    intField(rc, field, S.getFieldIndex(field), value);
  }
}
