package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.storage.block.TraceProjection;
import dev.skein.storage.block.TraceProjection.Part;
import dev.skein.storage.block.vsk1.SpanRecord.Attrs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Materializes vsk1 rows straight into one reusable {@link SpanRecord}: parquet-java's column
 * readers push values into converters that set plain fields, with strings, ids and the parsed
 * resource and scope headers decoded once per dictionary entry. This is the one place that maps
 * vsk1 columns to record fields (and {@link RowDecoder} the record to OTLP). Columns absent from
 * the requested schema stay empty; columns the record has no field for are skipped. Not
 * thread-safe: one materializer per read.
 */
final class SpanMaterializer extends RecordMaterializer<SpanRecord> {

  /**
   * The span attribute columns in record slot order: the fixed dedicated ones (strings then ints,
   * {@link SpanAttrLayout#FIXED}), then the per-block slot columns ({@link AttrSlots#COLUMNS}).
   */
  private static final List<String> DEDICATED_COLUMNS = dedicatedColumns();

  private static final Map<String, Integer> SLOT_BY_COLUMN = slotByColumn();

  private final SpanRecord record = new SpanRecord(DEDICATED_COLUMNS.size());
  private final Root root;

  /** Sets the values a row's span shape holds ({@link ShapeTable}). */
  private final ShapeReplay shapes;

  /**
   * A materializer for rows read with {@code requested}, from a block whose shape table is {@code
   * shapes} ({@link ShapeTable#NONE} only for projections without shape columns).
   */
  SpanMaterializer(MessageType requested, ShapeTable shapes) {
    this.root = new Root(requested);
    this.shapes = new ShapeReplay(shapes, requested, root);
  }

  /**
   * Columns every projection reads: what a search result and a TraceQL span always need. A span's
   * id is {@code span_id} (8 bytes) or {@code span_id_other} (any other length). Its start is
   * {@code trace_start_unix_nano} (on the trace's first row only) plus the {@code start_delta_nano}
   * of its row and of its reference rows ({@link StartReference}, resolved by {@link RowDecoder}),
   * and its parent id comes from {@code parent_distance} (the span id of an earlier or later row of
   * the same trace, which {@link ParentLinks.Assembler} resolves, so every read covers whole
   * traces) or, for a parent no span of the trace carries, {@code parent_span_id}.
   */
  private static final Set<String> CORE =
      Set.of(
          "trace_id",
          "trace_start_unix_nano",
          "shape",
          "presence",
          "resource",
          "span_id",
          "span_id_other",
          "parent_distance",
          "parent_span_id",
          "name",
          "kind",
          "start_delta_nano",
          "duration_nano",
          "status_code");

  /**
   * The columns of {@link Vsk1Schema#SCHEMA} that {@code projection} needs, in schema order.
   * Columns the record has no field for (trace-level values other than the start) are never read.
   */
  static MessageType schemaFor(TraceProjection projection) {
    List<Type> fields = new ArrayList<>();
    for (Type t : Vsk1Schema.SCHEMA.getFields()) {
      if (needed(t.getName(), projection)) {
        fields.add(t);
      }
    }
    return new MessageType(Vsk1Schema.SCHEMA.getName(), fields);
  }

  private static boolean needed(String column, TraceProjection p) {
    if (CORE.contains(column)) {
      return true;
    }
    if (SLOT_BY_COLUMN.containsKey(column)) {
      return p.has(Part.SPAN_ATTRIBUTES);
    }
    return switch (column) {
      case "attrs", "attr_layout" -> p.has(Part.SPAN_ATTRIBUTES);
      case "events" -> p.has(Part.EVENTS);
      case "links" -> p.has(Part.LINKS);
      case "scope" -> p.has(Part.SCOPE);
      case "status_message" -> p.has(Part.STATUS_MESSAGE);
      case "trace_state",
          "flags",
          "dropped_attributes_count",
          "dropped_events_count",
          "dropped_links_count",
          "span_ext" ->
          p.has(Part.DETAILS);
      default -> false;
    };
  }

  /** The leaf column paths of {@code schema}, for prefetching exactly its pages. */
  static Set<ColumnPath> paths(MessageType schema) {
    Set<ColumnPath> out = new HashSet<>();
    schema.getColumns().forEach(c -> out.add(ColumnPath.get(c.getPath())));
    return out;
  }

  /** The record slot of the dedicated span column {@code column}, or -1. */
  static int dedicatedSlot(String column) {
    Integer slot = SLOT_BY_COLUMN.get(column);
    return slot == null ? -1 : slot;
  }

  @Override
  public SpanRecord getCurrentRecord() {
    return record;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** A group converter whose children are made per field by {@link #child}. */
  private abstract static class Fields extends GroupConverter {
    private @Nullable Converter[] fields = new Converter[0];

    /** Builds the children; call at the end of the subclass constructor. */
    final void children(GroupType type) {
      fields = new Converter[type.getFieldCount()];
      for (int i = 0; i < fields.length; i++) {
        fields[i] = child(type.getType(i));
      }
    }

    abstract Converter child(Type field);

    @Override
    public final Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  private final class Root extends Fields {
    Root(MessageType schema) {
      children(schema);
    }

    @Override
    Converter child(Type field) {
      return field(field);
    }

    @Override
    public void start() {
      record.reset();
    }
  }

  private Converter field(Type type) {
    SpanRecord r = record;
    String name = type.getName();
    int slot = dedicatedSlot(name);
    if (slot >= 0) {
      if (type.asPrimitiveType().getPrimitiveTypeName()
          == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64) {
        return new LongConverter(v -> r.dedicated[slot] = v);
      }
      return type.getLogicalTypeAnnotation() == null
          ? new BytesConverter(v -> r.dedicated[slot] = v)
          : new StringConverter(v -> r.dedicated[slot] = v);
    }
    return switch (name) {
      case "trace_id" -> new TraceIdConverter(r.traceId);
      case "shape" -> new IntConverter(v -> this.shapes.apply(v));
      case "presence" -> new IntConverter(v -> r.presence = v);
      case "resource" -> new HeaderConverter<>(ResourceSpans::parseFrom, v -> r.resource = v);
      case "scope" -> new HeaderConverter<>(ScopeSpans::parseFrom, v -> r.scope = v);
      case "span_id", "span_id_other" -> new BytesConverter(v -> r.spanId = v);
      case "parent_distance" -> new IntConverter(v -> r.parentDistance = v);
      case "parent_span_id" -> new BytesConverter(v -> r.parentSpanId = v);
      case "name" -> new StringConverter(v -> r.name = v);
      case "kind" -> new IntConverter(v -> r.kind = v);
      case "trace_start_unix_nano" -> new LongConverter(v -> r.traceStart = v);
      case "start_delta_nano" -> new LongConverter(v -> r.startDelta = v);
      case "duration_nano" -> new LongConverter(v -> r.duration = v);
      case "status_code" -> new IntConverter(v -> r.statusCode = v);
      case "status_message" -> new StringConverter(v -> r.statusMessage = v);
      case "trace_state" -> new StringConverter(v -> r.traceState = v);
      case "flags" -> new IntConverter(v -> r.flags = v);
      case "dropped_attributes_count" -> new IntConverter(v -> r.droppedAttributes = v);
      case "dropped_events_count" -> new IntConverter(v -> r.droppedEvents = v);
      case "dropped_links_count" -> new IntConverter(v -> r.droppedLinks = v);
      case "span_ext" -> new BytesConverter(v -> r.spanExt = v);
      case "attr_layout" -> new BytesConverter(v -> r.attrLayout = v);
      case "attrs" -> new AttrsConverter(type.asGroupType(), () -> r.attrs);
      case "events" -> new HeaderConverter<>(Span::parseFrom, v -> r.events = v);
      case "links" -> new LinksConverter(type.asGroupType());
      default -> ignored(type);
    };
  }

  private final class LinksConverter extends Fields {
    private SpanRecord.LinkRecord current = new SpanRecord.LinkRecord();

    LinksConverter(GroupType type) {
      children(type);
    }

    @Override
    Converter child(Type t) {
      return switch (t.getName()) {
        case "trace_id" -> new BytesConverter(v -> current.traceId = v);
        case "span_id" -> new BytesConverter(v -> current.spanId = v);
        case "trace_state" -> new StringConverter(v -> current.traceState = v);
        case "flags" -> new IntConverter(v -> current.flags = v);
        case "dropped_attributes_count" -> new IntConverter(v -> current.droppedAttributes = v);
        case "ext" -> new BytesConverter(v -> current.ext = v);
        case "attrs" -> new AttrsConverter(t.asGroupType(), () -> current.attrs);
        default -> ignored(t);
      };
    }

    @Override
    public void start() {
      current = record.addLink();
    }
  }

  /** One repeated generic attribute group; each element appends an entry to the target list. */
  private static final class AttrsConverter extends Fields {
    private final Supplier<Attrs> target;
    private Attrs attrs = new Attrs();
    private int i;

    AttrsConverter(GroupType type, Supplier<Attrs> target) {
      this.target = target;
      children(type);
    }

    @Override
    Converter child(Type t) {
      return switch (t.getName()) {
        case "key" -> new StringConverter(v -> attrs.key[i] = v);
        case "type" -> new IntConverter(v -> attrs.type[i] = v);
        case "str" -> new StringConverter(v -> attrs.str[i] = v);
        case "int" -> new LongConverter(v -> attrs.lng[i] = v);
        case "dbl" -> new DoubleConverter(v -> attrs.dbl[i] = v);
        case "raw" -> new BytesConverter(v -> attrs.raw[i] = v);
        default -> ignored(t);
      };
    }

    @Override
    public void start() {
      attrs = target.get();
      i = attrs.add();
    }
  }

  private static Converter ignored(Type type) {
    if (type.isPrimitive()) {
      return new PrimitiveConverter() {};
    }
    Fields group =
        new Fields() {
          @Override
          Converter child(Type field) {
            return ignored(field);
          }
        };
    group.children(type.asGroupType());
    return group;
  }

  @FunctionalInterface
  private interface IntSink {
    void set(int v);
  }

  @FunctionalInterface
  private interface LongSink {
    void set(long v);
  }

  @FunctionalInterface
  private interface DoubleSink {
    void set(double v);
  }

  @FunctionalInterface
  private interface Sink<T> {
    void set(T v);
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parse(java.nio.ByteBuffer bytes) throws InvalidProtocolBufferException;
  }

  private static final class IntConverter extends PrimitiveConverter {
    private final IntSink sink;

    IntConverter(IntSink sink) {
      this.sink = sink;
    }

    @Override
    public void addInt(int value) {
      sink.set(value);
    }
  }

  private static final class LongConverter extends PrimitiveConverter {
    private final LongSink sink;

    LongConverter(LongSink sink) {
      this.sink = sink;
    }

    @Override
    public void addLong(long value) {
      sink.set(value);
    }
  }

  private static final class DoubleConverter extends PrimitiveConverter {
    private final DoubleSink sink;

    DoubleConverter(DoubleSink sink) {
      this.sink = sink;
    }

    @Override
    public void addDouble(double value) {
      sink.set(value);
    }
  }

  private static final class TraceIdConverter extends PrimitiveConverter {
    private final byte[] target;

    TraceIdConverter(byte[] target) {
      this.target = target;
    }

    @Override
    public void addBinary(Binary value) {
      if (value.length() != target.length) {
        throw new IllegalStateException("trace_id of " + value.length() + " bytes");
      }
      value.toByteBuffer().get(target);
    }
  }

  /**
   * Decodes a binary column with a per-dictionary cache: each dictionary entry is decoded at most
   * once per column chunk, so repeated values (names, keys, services) cost an array lookup.
   */
  private abstract static class CachingConverter<T> extends PrimitiveConverter
      implements ShapeReplay.Sink {
    private @Nullable Dictionary dictionary;
    private @Nullable Object[] cache;

    /** Decoded shape values by value index ({@link ShapeReplay.Sink}): each decoded once. */
    private @Nullable Object[] shapeCache = new Object[0];

    abstract T decode(Binary value);

    abstract void set(T value);

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      this.dictionary = dictionary;
      this.cache = new Object[dictionary.getMaxId() + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addValueFromDictionary(int dictionaryId) {
      Object v = cache[dictionaryId];
      if (v == null) {
        v = decode(dictionary.decodeToBinary(dictionaryId));
        cache[dictionaryId] = v;
      }
      set((T) v);
    }

    @Override
    public void addBinary(Binary value) {
      set(decode(value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addShapeValue(int valueIndex, Object value) {
      if (valueIndex >= shapeCache.length) {
        shapeCache =
            java.util.Arrays.copyOf(shapeCache, Math.max(valueIndex + 1, shapeCache.length * 2));
      }
      Object v = shapeCache[valueIndex];
      if (v == null) {
        v = decode((Binary) value);
        shapeCache[valueIndex] = v;
      }
      set((T) v);
    }
  }

  private static final class StringConverter extends CachingConverter<String> {
    private final Sink<String> sink;

    StringConverter(Sink<String> sink) {
      this.sink = sink;
    }

    @Override
    String decode(Binary value) {
      return value.toStringUsingUTF8();
    }

    @Override
    void set(String value) {
      sink.set(value);
    }
  }

  private static final class BytesConverter extends CachingConverter<ByteString> {
    private final Sink<ByteString> sink;

    BytesConverter(Sink<ByteString> sink) {
      this.sink = sink;
    }

    @Override
    ByteString decode(Binary value) {
      return ByteString.copyFrom(value.toByteBuffer());
    }

    @Override
    void set(ByteString value) {
      sink.set(value);
    }
  }

  /**
   * A serialized OTLP group header ({@code resource}, {@code scope}), parsed once per dictionary
   * entry, and when not dictionary-encoded reused while consecutive rows carry the same bytes.
   */
  private static final class HeaderConverter<T> extends CachingConverter<T> {
    private final Parser<T> parser;
    private final Sink<T> sink;
    private @Nullable Binary lastBytes;
    private @Nullable T last;

    HeaderConverter(Parser<T> parser, Sink<T> sink) {
      this.parser = parser;
      this.sink = sink;
    }

    @Override
    T decode(Binary value) {
      try {
        return parser.parse(value.toByteBuffer());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("unparseable group header: " + e.getMessage(), e);
      }
    }

    @Override
    public void addBinary(Binary value) {
      if (last == null || !value.equals(lastBytes)) {
        last = decode(value);
        lastBytes = value.copy();
      }
      sink.set(last);
    }

    @Override
    void set(T value) {
      sink.set(value);
    }
  }

  private static List<String> dedicatedColumns() {
    List<String> out = new ArrayList<>(SpanAttrLayout.FIXED);
    out.addAll(AttrSlots.COLUMNS);
    return List.copyOf(out);
  }

  private static Map<String, Integer> slotByColumn() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < DEDICATED_COLUMNS.size(); i++) {
      m.put(DEDICATED_COLUMNS.get(i), i);
    }
    return Map.copyOf(m);
  }
}
