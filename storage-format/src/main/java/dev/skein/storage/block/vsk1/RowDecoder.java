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

  /**
   * A decoded row; unless {@code parentDistance} is {@link ParentLinks#NO_DISTANCE}, the span's
   * parent id is still to be resolved by {@link ParentLinks.Assembler}.
   */
  record Decoded(TraceId traceId, FlatSpan span, int parentDistance) {}

  Decoded decode(SpanRecord r) throws InvalidProtocolBufferException {
    ByteString traceIdBytes = traceId(r.traceId);
    return new Decoded(
        lastTraceIdValue,
        new FlatSpan(r.resource, r.scope, span(r, traceIdBytes)),
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

  private static Span span(SpanRecord r, ByteString traceId) throws InvalidProtocolBufferException {
    long start = r.start();
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
    attributes(r.attrs, r, s::addAttributes);
    for (int i = 0; i < r.eventCount; i++) {
      SpanRecord.EventRecord e = r.event(i);
      Span.Event.Builder eb =
          Span.Event.newBuilder()
              .setTimeUnixNano(start + e.timeSinceStart)
              .setName(e.name)
              .setDroppedAttributesCount(e.droppedAttributes);
      if (e.ext != null) {
        eb.setUnknownFields(UnknownFieldSet.parseFrom(e.ext));
      }
      attributes(e.attrs, null, eb::addAttributes);
      s.addEvents(eb);
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
      attributes(l.attrs, null, lb::addAttributes);
      s.addLinks(lb);
    }
    if (r.spanExt != null) {
      s.mergeFrom(r.spanExt);
    }
    return s.build();
  }

  /**
   * Rebuilds a generic attribute list (see {@link AttrCodec} for the types); a {@code DEDICATED}
   * entry takes its value from the span's dedicated column of that key.
   */
  private static void attributes(Attrs a, @Nullable SpanRecord span, Consumer<KeyValue> out)
      throws InvalidProtocolBufferException {
    for (int i = 0; i < a.count; i++) {
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
        case AttrCodec.DEDICATED -> {
          Object v = span == null ? null : dedicated(span, key);
          if (v instanceof String s) {
            kv.setValue(AnyValue.newBuilder().setStringValue(s));
          } else if (v instanceof Long l) {
            kv.setValue(AnyValue.newBuilder().setIntValue(l));
          } else {
            throw new InvalidProtocolBufferException("dedicated column of '" + key + "' is empty");
          }
        }
        case AttrCodec.RAW -> {
          out.accept(KeyValue.parseFrom(raw(a, i)));
          continue;
        }
        default -> throw new InvalidProtocolBufferException("unknown attribute type " + type);
      }
      out.accept(kv.build());
    }
  }

  private static @Nullable Object dedicated(SpanRecord span, String key) {
    String col = Dedicated.SPAN_STRING.get(key);
    Object v = col == null ? null : span.dedicated[SpanMaterializer.dedicatedSlot(col)];
    if (v != null) {
      return v;
    }
    col = Dedicated.SPAN_INT.get(key);
    return col == null ? null : span.dedicated[SpanMaterializer.dedicatedSlot(col)];
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
