package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.storage.block.vsk1.SpanRecord.Attrs;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds an OTLP span from one {@link SpanRecord}. The record's resource and scope headers are
 * shared instances (parsed once per distinct value), which also makes regrouping cheap. Not
 * thread-safe: one decoder per read.
 */
final class RowDecoder {

  private final byte[] lastTraceId = new byte[16];
  private ByteString lastTraceIdBytes = ByteString.EMPTY;
  private TraceId lastTraceIdValue = new TraceId(0, 0);

  /** The starts of the rows so far of the trace {@link #lastTraceId}. */
  private final StartReference.Walk starts = new StartReference.Walk();

  /** By {@code attr_layout} code: the attribute key, and the record slot of its column. */
  private final @Nullable String[] keyByCode = new String[SpanAttrLayout.END];

  private final int[] recordSlotByCode = new int[SpanAttrLayout.END];

  /** A decoder for a block whose slot assignment is {@code slots}. */
  RowDecoder(AttrSlots slots) {
    for (int code = 1; code < SpanAttrLayout.END; code++) {
      String column = SpanAttrLayout.column(code);
      if (column != null) {
        keyByCode[code] = SpanAttrLayout.key(code, slots);
        recordSlotByCode[code] = SpanMaterializer.dedicatedSlot(column);
      }
    }
  }

  /**
   * A decoded row; unless {@code parentDistance} is {@link ParentLinks#NO_DISTANCE}, the span's
   * parent id is still to be resolved by {@link ParentLinks.Assembler}.
   */
  record Decoded(TraceId traceId, FlatSpan span, int parentDistance) {}

  /**
   * Decodes the next row. Rows must come in block order with every row of a trace (as they do for
   * parent distances): a span's start is its reference row's start plus its delta ({@link
   * StartReference}).
   */
  Decoded decode(SpanRecord r) throws InvalidProtocolBufferException {
    ByteString before = lastTraceIdBytes;
    ByteString traceIdBytes = traceId(r.traceId);
    if (traceIdBytes != before) {
      starts.reset(r.traceStart);
    }
    long start = starts.referenceStart(r.parentDistance) + r.startDelta;
    starts.add(r.parentDistance, start);
    return new Decoded(
        lastTraceIdValue,
        new FlatSpan(r.resource, r.scope, span(r, traceIdBytes, start)),
        r.parentDistance);
  }

  /** The trace id as bytes (and {@link #lastTraceIdValue}), shared by consecutive rows. */
  private ByteString traceId(byte[] id) {
    if (lastTraceIdBytes.isEmpty() || !Arrays.equals(id, lastTraceId)) {
      System.arraycopy(id, 0, lastTraceId, 0, id.length);
      lastTraceIdBytes = ByteString.copyFrom(id);
      lastTraceIdValue = TraceId.fromBytes(id);
    }
    return lastTraceIdBytes;
  }

  private Span span(SpanRecord r, ByteString traceId, long start)
      throws InvalidProtocolBufferException {
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(r.spanId)
            .setParentSpanId(r.parentSpanId)
            .setTraceState(r.traceState)
            .setFlags(r.flags)
            .setName(r.name)
            .setKindValue(r.kind)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + r.duration)
            .setDroppedAttributesCount(r.droppedAttributes)
            .setDroppedEventsCount(r.droppedEvents)
            .setDroppedLinksCount(r.droppedLinks);
    if ((r.presence & Vsk1Schema.HAS_STATUS) != 0) {
      s.setStatus(Status.newBuilder().setCodeValue(r.statusCode).setMessage(r.statusMessage));
    }
    spanAttributes(r, s::addAttributes);
    if (r.events != null) {
      for (Span.Event e : r.events.getEventsList()) {
        s.addEvents(e.toBuilder().setTimeUnixNano(start + e.getTimeUnixNano()));
      }
    }
    for (int i = 0; i < r.linkCount; i++) {
      SpanRecord.LinkRecord l = r.link(i);
      Span.Link.Builder lb =
          Span.Link.newBuilder()
              .setTraceId(l.traceId)
              .setSpanId(l.spanId)
              .setTraceState(l.traceState)
              .setFlags(l.flags)
              .setDroppedAttributesCount(l.droppedAttributes);
      if (l.ext != null) {
        lb.setUnknownFields(UnknownFieldSet.parseFrom(l.ext));
      }
      attributes(l.attrs, lb::addAttributes);
      s.addLinks(lb);
    }
    if (r.spanExt != null) {
      s.mergeFrom(r.spanExt);
    }
    return s.build();
  }

  /**
   * Rebuilds a span's attributes in order from its {@code attr_layout}: generic entries from the
   * list, the others from their columns. Without a layout (attributes not projected) there are
   * none.
   */
  private void spanAttributes(SpanRecord r, Consumer<KeyValue> out)
      throws InvalidProtocolBufferException {
    ByteString layout = r.attrLayout;
    Attrs a = r.attrs;
    int g = 0;
    for (int i = 0; i < layout.size(); i++) {
      int code = layout.byteAt(i);
      if (code == SpanAttrLayout.GENERIC) {
        if (g == a.count) {
          throw new InvalidProtocolBufferException("attr_layout: more generic entries than stored");
        }
        out.accept(attribute(a, g++));
        continue;
      }
      String key = code > 0 && code < keyByCode.length ? keyByCode[code] : null;
      if (key == null) {
        throw new InvalidProtocolBufferException("attr_layout: unknown or unassigned code " + code);
      }
      Object v = r.dedicated[recordSlotByCode[code]];
      if (v == null) {
        throw new InvalidProtocolBufferException("column of attribute '" + key + "' is empty");
      }
      out.accept(KeyValue.newBuilder().setKey(key).setValue(columnValue(code, v)).build());
    }
    if (g != a.count) {
      throw new InvalidProtocolBufferException("attr_layout: fewer generic entries than stored");
    }
  }

  private static AnyValue columnValue(int code, Object v) throws InvalidProtocolBufferException {
    AnyValue.Builder b = AnyValue.newBuilder();
    if (code >= SpanAttrLayout.HEX) {
      int type = code >= SpanAttrLayout.HEX_ODD ? AttrCodec.HEX_ODD : AttrCodec.HEX;
      return b.setStringValue(AttrCodec.hexString((ByteString) v, type)).build();
    }
    if (code >= SpanAttrLayout.BOOL) {
      return b.setBoolValue((Long) v != 0).build();
    }
    if (v instanceof String s) {
      return b.setStringValue(s).build();
    }
    return b.setIntValue((Long) v).build();
  }

  /** Rebuilds a generic attribute list (see {@link AttrCodec} for the types). */
  private static void attributes(Attrs a, Consumer<KeyValue> out)
      throws InvalidProtocolBufferException {
    for (int i = 0; i < a.count; i++) {
      out.accept(attribute(a, i));
    }
  }

  private static KeyValue attribute(Attrs a, int i) throws InvalidProtocolBufferException {
    String key = a.key[i];
    int type = a.type[i];
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
    switch (type) {
      case AttrCodec.NO_VALUE -> {}
      case AttrCodec.EMPTY -> kv.setValue(AnyValue.getDefaultInstance());
      case AttrCodec.STRING -> kv.setValue(AnyValue.newBuilder().setStringValue(str(a, i)));
      case AttrCodec.BOOL -> kv.setValue(AnyValue.newBuilder().setBoolValue(a.lng[i] != 0));
      case AttrCodec.INT -> kv.setValue(AnyValue.newBuilder().setIntValue(a.lng[i]));
      case AttrCodec.DOUBLE -> kv.setValue(AnyValue.newBuilder().setDoubleValue(a.dbl[i]));
      case AttrCodec.BYTES -> kv.setValue(AnyValue.newBuilder().setBytesValue(raw(a, i)));
      case AttrCodec.HEX, AttrCodec.HEX_ODD ->
          kv.setValue(AnyValue.newBuilder().setStringValue(AttrCodec.hexString(raw(a, i), type)));
      case AttrCodec.ARRAY ->
          kv.setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.parseFrom(raw(a, i))));
      case AttrCodec.KVLIST ->
          kv.setValue(AnyValue.newBuilder().setKvlistValue(KeyValueList.parseFrom(raw(a, i))));
      case AttrCodec.RAW -> {
        return KeyValue.parseFrom(raw(a, i));
      }
      default -> throw new InvalidProtocolBufferException("unknown attribute type " + type);
    }
    return kv.build();
  }

  private static String str(Attrs a, int i) throws InvalidProtocolBufferException {
    String s = a.str[i];
    if (s == null) {
      throw new InvalidProtocolBufferException("string attribute '" + a.key[i] + "' has no value");
    }
    return s;
  }

  private static ByteString raw(Attrs a, int i) throws InvalidProtocolBufferException {
    ByteString b = a.raw[i];
    if (b == null) {
      throw new InvalidProtocolBufferException("attribute '" + a.key[i] + "' has no raw value");
    }
    return b;
  }
}
