package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds OTLP from one vsk1 row (as parquet-java's example {@link Group}). Consecutive rows
 * usually share resource and scope, so the last parsed headers are reused while their bytes are
 * identical, which also makes regrouping cheap (same instances). Not thread-safe: one decoder per
 * read.
 */
final class RowDecoder {

  private @Nullable Binary lastResourceBytes;
  private @Nullable Binary lastScopeBytes;
  private ResourceSpans lastResource = ResourceSpans.getDefaultInstance();
  private ScopeSpans lastScope = ScopeSpans.getDefaultInstance();

  /**
   * A decoded row; unless {@code parentDistance} is {@link ParentLinks#NO_DISTANCE}, the span's
   * parent id is still to be resolved by {@link ParentLinks.Assembler}.
   */
  record Decoded(TraceId traceId, FlatSpan span, int parentDistance) {}

  Decoded decode(Group g) throws InvalidProtocolBufferException {
    TraceId traceId = TraceId.fromBytes(g.getBinary("trace_id", 0).getBytes());
    int presence = g.getInteger("presence", 0);
    Binary resource = g.getBinary("resource", 0);
    if (!resource.equals(lastResourceBytes)) {
      lastResource = ResourceSpans.parseFrom(resource.toByteBuffer());
      lastResourceBytes = resource.copy();
    }
    Binary scope = g.getBinary("scope", 0);
    if (!scope.equals(lastScopeBytes)) {
      lastScope = ScopeSpans.parseFrom(scope.toByteBuffer());
      lastScopeBytes = scope.copy();
    }
    int parentDistance =
        g.getFieldRepetitionCount("parent_distance") > 0
            ? g.getInteger("parent_distance", 0)
            : ParentLinks.NO_DISTANCE;
    return new Decoded(
        traceId, new FlatSpan(lastResource, lastScope, span(g, presence)), parentDistance);
  }

  private static Span span(Group g, int presence) throws InvalidProtocolBufferException {
    long start =
        g.getLong("trace_start_unix_nano", 0) + g.getLong("start_since_trace_start_nano", 0);
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(g.getBinary("trace_id", 0).getBytes()))
            .setSpanId(bytes(g, "span_id"))
            .setTraceState(g.getString("trace_state", 0))
            .setFlags(g.getInteger("flags", 0))
            .setName(g.getString("name", 0))
            .setKindValue(g.getInteger("kind", 0))
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + g.getLong("duration_nano", 0))
            .setDroppedAttributesCount(g.getInteger("dropped_attributes_count", 0))
            .setDroppedEventsCount(g.getInteger("dropped_events_count", 0))
            .setDroppedLinksCount(g.getInteger("dropped_links_count", 0));
    if (g.getFieldRepetitionCount("parent_span_id") > 0) {
      s.setParentSpanId(bytes(g, "parent_span_id"));
    }
    if ((presence & Vsk1Schema.HAS_STATUS) != 0) {
      s.setStatus(
          Status.newBuilder()
              .setCodeValue(g.getInteger("status_code", 0))
              .setMessage(g.getString("status_message", 0)));
    }
    AttrCodec.read(g, "attrs", key -> spanDedicated(g, key), s::addAttributes);
    int events = g.getFieldRepetitionCount("events");
    for (int i = 0; i < events; i++) {
      Group e = g.getGroup("events", i);
      Span.Event.Builder eb =
          Span.Event.newBuilder()
              .setTimeUnixNano(start + e.getLong(0, 0))
              .setName(e.getString(1, 0))
              .setDroppedAttributesCount(e.getInteger(2, 0));
      if (e.getFieldRepetitionCount(3) > 0) {
        eb.setUnknownFields(UnknownFieldSet.parseFrom(e.getBinary(3, 0).getBytes()));
      }
      AttrCodec.read(e, "attrs", key -> null, eb::addAttributes);
      s.addEvents(eb);
    }
    int links = g.getFieldRepetitionCount("links");
    for (int i = 0; i < links; i++) {
      Group l = g.getGroup("links", i);
      Span.Link.Builder lb =
          Span.Link.newBuilder()
              .setTraceId(ByteString.copyFrom(l.getBinary(0, 0).getBytes()))
              .setSpanId(ByteString.copyFrom(l.getBinary(1, 0).getBytes()))
              .setTraceState(l.getString(2, 0))
              .setFlags(l.getInteger(3, 0))
              .setDroppedAttributesCount(l.getInteger(4, 0));
      if (l.getFieldRepetitionCount(5) > 0) {
        lb.setUnknownFields(UnknownFieldSet.parseFrom(l.getBinary(5, 0).getBytes()));
      }
      AttrCodec.read(l, "attrs", key -> null, lb::addAttributes);
      s.addLinks(lb);
    }
    if (g.getFieldRepetitionCount("span_ext") > 0) {
      s.mergeFrom(bytes(g, "span_ext"));
    }
    return s.build();
  }

  private static @Nullable Object spanDedicated(Group g, String key) {
    String col = Dedicated.SPAN_STRING.get(key);
    if (col != null && g.getFieldRepetitionCount(col) > 0) {
      return g.getString(col, 0);
    }
    col = Dedicated.SPAN_INT.get(key);
    if (col != null && g.getFieldRepetitionCount(col) > 0) {
      return g.getLong(col, 0);
    }
    return null;
  }

  private static ByteString bytes(Group g, String field) {
    Binary b = g.getBinary(field, 0);
    return ByteString.copyFrom(b.toByteBuffer());
  }
}
