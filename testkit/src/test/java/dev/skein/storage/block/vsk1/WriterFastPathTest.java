package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.NewBlock;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block writer's shortcuts (shared string binaries, dedicated values placed by field index,
 * resource columns and resource index entries once per resource of a trace) write exactly the bytes
 * of the reference paths they replaced: every object of the block, data, bloom shards, search index
 * and meta, compared byte for byte.
 */
class WriterFastPathTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void shopTraces_sameBytes_defaultAndSmallRowGroups() {
    List<Trace> traces = sorted(new ShopTraces(7).traces(3_000));
    assertSameBytes(traces, BlockConfig.defaults());
    // small row groups and pages: dictionaries start over many times
    assertSameBytes(traces, new BlockConfig(256 << 10, 8192, 500, 0.01, 1024, 200, 3));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void randomTraces_sameBytes(long seed) {
    // unknown fields, nested values, bytes, empty values, duplicate keys, odd hex strings
    assertSameBytes(
        sorted(new RandomTraces(seed).traces(300, 20)),
        new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"otel-java-grpc.pb", "otel-java-http.pb", "otel-js-grpc.pb", "otel-js-http.pb"})
  void sdkCapturedRequests_sameBytes(String name) throws IOException {
    ExportTraceServiceRequest request;
    try (InputStream in = getClass().getResourceAsStream("/testdata/" + name)) {
      request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
    }
    Map<TraceId, TraceCombiner> byTrace = new LinkedHashMap<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          TraceId id = TraceId.fromByteString(s.getTraceId());
          byTrace.computeIfAbsent(id, k -> new TraceCombiner(k, Long.MAX_VALUE));
        }
      }
    }
    List<Trace> traces = new ArrayList<>();
    byTrace.forEach(
        (id, combiner) -> {
          request.getResourceSpansList().forEach(combiner::add);
          traces.add(combiner.result());
        });
    assertThat(traces).isNotEmpty();
    assertSameBytes(sorted(traces), BlockConfig.defaults());
  }

  /**
   * A column with more distinct string values than its shared table holds (it stops sharing),
   * columns with few, more shared bytes than the writer keeps (later values are no longer added),
   * values over the length limit, and strings whose UTF-8 form needs replacement characters
   * (unpaired surrogates) or several bytes per character.
   */
  @Test
  void stringTableOverflowLongAndOddStrings_sameBytes() {
    List<Trace> traces = new ArrayList<>();
    int value = 0;
    for (int t = 0; t < 60; t++) {
      List<Span> spans = new ArrayList<>();
      for (int s = 0; s < 500; s++) {
        int v = value++ % (StringBinaries.MAX_ENTRIES * 4 + 3_000);
        spans.add(
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(id(t).toBytes()))
                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, (byte) t, (byte) s}))
                .setName(s % 7 == 0 ? "span \uD800 name " + (v % 13) : "GET /p/" + (v % 50))
                .setStartTimeUnixNano(1_000_000L * s + t)
                .setEndTimeUnixNano(1_000_000L * s + t + 500)
                .addAttributes(str("user.id", "u-" + v))
                .addAttributes(str("note", "x".repeat(StringBinaries.MAX_CHARS + (v % 3))))
                .addAttributes(str("http.route", "/ünïcødé/" + (v % 17)))
                .addAttributes(str("odd", "\uDC00" + (v % 5)))
                .addAttributes(str("pad.a", pad("a", v % 4_000)))
                .addAttributes(str("pad.b", pad("b", v % 4_000)))
                .addAttributes(str("pad.c", pad("c", v % 4_000)))
                .addAttributes(str("pad.d", pad("d", v % 4_000)))
                .addAttributes(str("pad.e", pad("e", v % 4_000)))
                .build());
      }
      ResourceSpans rs =
          ResourceSpans.newBuilder()
              .setResource(
                  Resource.newBuilder().addAttributes(str("service.name", "svc-" + (t % 4))))
              .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
              .build();
      traces.add(new Trace(id(t), List.of(rs)));
    }
    assertSameBytes(traces, BlockConfig.defaults());
  }

  private void assertSameBytes(List<Trace> traces, BlockConfig config) {
    UUID blockId = UUID.randomUUID();
    InMemoryObjectStore fast = new InMemoryObjectStore();
    InMemoryObjectStore reference = new InMemoryObjectStore();
    BlockMeta a = write(fast, blockId, config, traces, true);
    BlockMeta b = write(reference, blockId, config, traces, false);
    assertThat(a).isEqualTo(b);
    List<String> keys = reference.list("");
    assertThat(fast.list("")).isEqualTo(keys);
    assertThat(keys).hasSizeGreaterThanOrEqualTo(4);
    for (String key : keys) {
      assertThat(fast.get(key)).as(key).isEqualTo(reference.get(key));
    }
  }

  private BlockMeta write(
      InMemoryObjectStore store,
      UUID blockId,
      BlockConfig config,
      List<Trace> traces,
      boolean fast) {
    NewBlock block = new NewBlock("t", blockId, 0, 0, dir.resolve((fast ? "f" : "r") + blockId));
    try (Vsk1BlockWriter w = new Vsk1BlockWriter(store, block, config, CLOCK, fast)) {
      traces.forEach(w::add);
      return w.complete();
    }
  }

  private static List<Trace> sorted(List<Trace> traces) {
    List<Trace> out = new ArrayList<>(traces);
    out.sort(Comparator.comparing(Trace::traceId));
    return out;
  }

  /** A value of {@code StringBinaries.MAX_CHARS - 50} characters. */
  private static String pad(String prefix, int n) {
    String s = prefix + n + "-";
    return s + "x".repeat(StringBinaries.MAX_CHARS - 50 - s.length());
  }

  private static TraceId id(int t) {
    return new TraceId(0x0123_4567_89ab_cdefL, 1 + t);
  }

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
