package dev.skein.storage.block.vsk1;

import static dev.skein.storage.block.vsk1.AttrCodec.binaryField;
import static dev.skein.storage.block.vsk1.AttrCodec.intField;
import static dev.skein.storage.block.vsk1.AttrCodec.longField;

import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
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
  // the columns written by name, their indexes looked up once rather than per value
  private static final Field F_ATTR_LAYOUT = Field.of("attr_layout");
  private static final Field F_ATTRS = Field.of("attrs");
  private static final Field F_DROPPED_ATTRIBUTES_COUNT = Field.of("dropped_attributes_count");
  private static final Field F_DROPPED_EVENTS_COUNT = Field.of("dropped_events_count");
  private static final Field F_DROPPED_LINKS_COUNT = Field.of("dropped_links_count");
  private static final Field F_DURATION_NANO = Field.of("duration_nano");
  private static final Field F_EVENTS = Field.of("events");
  private static final Field F_FLAGS = Field.of("flags");
  private static final Field F_KIND = Field.of("kind");
  private static final Field F_LINKS = Field.of("links");
  private static final Field F_NAME = Field.of("name");
  private static final Field F_PARENT_DISTANCE = Field.of("parent_distance");
  private static final Field F_PARENT_SPAN_ID = Field.of("parent_span_id");
  private static final Field F_PRESENCE = Field.of("presence");
  private static final Field F_RESOURCE = Field.of("resource");
  private static final Field F_SCOPE = Field.of("scope");
  private static final Field F_SCOPE_NAME = Field.of("scope_name");
  private static final Field F_SCOPE_VERSION = Field.of("scope_version");
  private static final Field F_SHAPE = Field.of("shape");
  private static final Field F_SPAN_EXT = Field.of("span_ext");
  private static final Field F_SPAN_ID = Field.of("span_id");
  private static final Field F_SPAN_ID_OTHER = Field.of("span_id_other");
  private static final Field F_START_DELTA_NANO = Field.of("start_delta_nano");
  private static final Field F_STATUS_CODE = Field.of("status_code");
  private static final Field F_STATUS_MESSAGE = Field.of("status_message");
  private static final Field F_TRACE_DURATION_NANO = Field.of("trace_duration_nano");
  private static final Field F_TRACE_ID = Field.of("trace_id");
  private static final Field F_TRACE_ROOT_SERVICE = Field.of("trace_root_service");
  private static final Field F_TRACE_ROOT_SPAN_NAME = Field.of("trace_root_span_name");
  private static final Field F_TRACE_SERVICE_STATS = Field.of("trace_service_stats");
  private static final Field F_TRACE_START_UNIX_NANO = Field.of("trace_start_unix_nano");
  private static final Field F_TRACE_STATE = Field.of("trace_state");

  private RecordConsumer rc;

  /**
   * Whether values take the shortcuts (shared string binaries, dedicated values placed by field
   * index) or the reference path they replaced; both write the same bytes (tests compare them).
   */
  private final boolean fast;

  /** UTF-8 binaries of string values ({@link StringBinaries}). */
  private final StringBinaries strings;

  /** The span attributes going to columns and to the generic list, of the span being written. */
  private final SpanColumns spanColumns = new SpanColumns();

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
    SpanColumns columns = spanColumns;
    List<KeyValue> generic = spanGeneric;
    columns.clear();
    generic.clear();
    byte[] layout = SpanAttrLayout.split(span.getAttributesList(), slots, columns, generic);
    int shape = shape(t, f, span, scope, layout, columns);
    rc.startMessage();
    bin(F_TRACE_ID, Binary.fromConstantByteArray(t.traceId));
    if (i == 0) {
      // trace-level values once per trace (the end is start + duration)
      lng(F_TRACE_START_UNIX_NANO, t.start);
      lng(F_TRACE_DURATION_NANO, t.end - t.start);
      if (t.rootService != null) {
        str(F_TRACE_ROOT_SERVICE, t.rootService);
        str(F_TRACE_ROOT_SPAN_NAME, t.rootSpanName);
      }
      bin(F_TRACE_SERVICE_STATS, Binary.fromConstantByteArray(ServiceStats.encode(t.serviceStats)));
    }
    integer(F_SHAPE, shape);
    intCell(F_PRESENCE, RowShapes.PRESENCE);
    binCell(F_RESOURCE, RowShapes.RESOURCE);
    binCell(F_SCOPE, RowShapes.SCOPE);
    binCell(F_SCOPE_NAME, RowShapes.SCOPE_NAME);
    binCell(F_SCOPE_VERSION, RowShapes.SCOPE_VERSION);
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
      SpanColumns columns) {
    Object[] cells = shapes.start();
    cells[RowShapes.PRESENCE] = span.hasStatus() ? Vsk1Schema.HAS_STATUS : 0;
    cells[RowShapes.RESOURCE] = t.resourceBytes(f.resource());
    cells[RowShapes.SCOPE] = t.scopeBytes(f.scope());
    cells[RowShapes.SCOPE_NAME] = strings.of(F_SCOPE_NAME.index(), scope.getName());
    cells[RowShapes.SCOPE_VERSION] = strings.of(F_SCOPE_VERSION.index(), scope.getVersion());
    cells[RowShapes.NAME] = strings.of(F_NAME.index(), span.getName());
    cells[RowShapes.KIND] = span.getKindValue();
    cells[RowShapes.STATUS_CODE] = span.getStatus().getCodeValue();
    cells[RowShapes.ATTR_LAYOUT] = Binary.fromConstantByteArray(layout);
    shapes.takeColumns(columns, strings);
    int ordinal = shapes.shape();
    shapes.returnColumns(columns);
    return ordinal;
  }

  private void writeSpan(
      Span span, TraceRows t, int i, SpanColumns columns, List<KeyValue> generic) {
    // 8-byte ids (all valid ones) without a length prefix per value; any other length apart
    bin(
        span.getSpanId().size() == 8 ? F_SPAN_ID : F_SPAN_ID_OTHER,
        AttrCodec.bin(span.getSpanId()));
    if (t.parentDistance[i] != ParentLinks.NO_DISTANCE) {
      integer(F_PARENT_DISTANCE, t.parentDistance[i]);
    } else if (!span.getParentSpanId().isEmpty()) {
      bin(F_PARENT_SPAN_ID, AttrCodec.bin(span.getParentSpanId()));
    }
    binCell(F_NAME, RowShapes.NAME);
    intCell(F_KIND, RowShapes.KIND);
    // relative to the previous sibling or the parent ({@link StartReference}): >= 0, often tiny
    lng(F_START_DELTA_NANO, t.startDelta[i]);
    lng(F_DURATION_NANO, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    intCell(F_STATUS_CODE, RowShapes.STATUS_CODE);
    str(F_STATUS_MESSAGE, span.getStatus().getMessage());
    str(F_TRACE_STATE, span.getTraceState());
    integer(F_FLAGS, span.getFlags());
    integer(F_DROPPED_ATTRIBUTES_COUNT, span.getDroppedAttributesCount());
    integer(F_DROPPED_EVENTS_COUNT, span.getDroppedEventsCount());
    integer(F_DROPPED_LINKS_COUNT, span.getDroppedLinksCount());
    if (!span.getUnknownFields().asMap().isEmpty()
        || !span.getStatus().getUnknownFields().asMap().isEmpty()) {
      Span.Builder ext = Span.newBuilder().setUnknownFields(span.getUnknownFields());
      if (span.hasStatus()) {
        ext.setStatus(span.getStatus().toBuilder().clearCode().clearMessage());
      }
      bin(F_SPAN_EXT, AttrCodec.bin(ext.build().toByteString()));
    }
    binCell(F_ATTR_LAYOUT, RowShapes.ATTR_LAYOUT);
    AttrCodec.write(rc, F_ATTRS.name(), F_ATTRS.index(), generic);
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
    bin(F_EVENTS, AttrCodec.bin(holder.build().toByteString()));
  }

  private void writeLinks(Span span) {
    rc.startField(F_LINKS.name(), F_LINKS.index());
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
    rc.endField(F_LINKS.name(), F_LINKS.index());
  }

  private void writeDedicated(SpanColumns dedicated) {
    if (!fast) {
      writeDedicatedSorted(dedicated.asMap());
      return;
    }
    // fields must be written in schema order: the columns are kept by field index
    for (int field = dedicated.next(0); field >= 0; field = dedicated.next(field + 1)) {
      dedicatedValue(S.getFieldName(field), field, dedicated.get(field));
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
  private void binCell(Field field, int cell) {
    Object v = shapes.cell(cell);
    if (v != null) {
      bin(field, (Binary) v);
    }
  }

  private void intCell(Field field, int cell) {
    Object v = shapes.cell(cell);
    if (v != null) {
      integer(field, (Integer) v);
    }
  }

  private void str(Field field, String value) {
    binaryField(rc, field.name(), field.index(), strings.of(field.index(), value));
  }

  private void bin(Field field, Binary value) {
    binaryField(rc, field.name(), field.index(), value);
  }

  private void lng(Field field, long value) {
    longField(rc, field.name(), field.index(), value);
  }

  private void integer(Field field, int value) {
    intField(rc, field.name(), field.index(), value);
  }

  /** A top-level column of the schema: its name and field index. */
  private record Field(String name, int index) {
    static Field of(String name) {
      return new Field(name, S.getFieldIndex(name));
    }
  }
}
