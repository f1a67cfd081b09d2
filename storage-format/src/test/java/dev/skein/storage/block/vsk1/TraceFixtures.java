package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/** Small hand-built traces for the row-layout unit tests: ids and parents as readable text. */
final class TraceFixtures {

  private TraceFixtures() {}

  /** A span with id and parent id {@code id}, {@code parent} (UTF-8) lasting 1 ns. */
  static Span span(TraceId trace, String id, String parent, long start) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(trace.toBytes()))
        .setSpanId(ByteString.copyFromUtf8(id))
        .setParentSpanId(ByteString.copyFromUtf8(parent))
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + 1)
        .build();
  }

  /** One resource group, one scope group, holding {@code spans}. */
  static Trace trace(TraceId trace, Span... spans) {
    return new Trace(
        trace,
        List.of(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
                .build()));
  }
}
