package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Span attributes that vsk1 moves into per-block slot columns come back exactly, in order: more
 * keys of each kind than there are slots (the rest stay generic), hex ids of even and odd length,
 * ints and bools under one key, duplicate keys, and keys whose kind changes from span to span.
 */
class AttrSlotRoundTripTest {

  @TempDir Path dir;

  static List<BlockFormat> formats() {
    return BlockFormats.all().stream().filter(BlockFormat::writable).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void roundTrip_manyKeysOfEveryKind_exact(BlockFormat format) {
    Random random = new Random(5);
    List<Trace> traces = new ArrayList<>();
    for (int t = 0; t < 60; t++) {
      traces.add(trace(new TraceId(t + 1, random.nextLong()), random));
    }
    InMemoryObjectStore store = new InMemoryObjectStore();
    BlockConfig config = new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3);
    BlockMeta meta;
    try (BlockWriter w = format.newWriter(store, NewBlock.level0("t", dir.resolve("w")), config)) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    try (BlockReader reader = format.openReader(store, meta)) {
      List<Trace> read = new ArrayList<>();
      try (TraceIterator it = reader.iterateTraces()) {
        it.forEachRemaining(read::add);
      }
      assertThat(read).hasSize(traces.size());
      for (int i = 0; i < traces.size(); i++) {
        Trace expected = TraceNormalizer.normalize(traces.get(i));
        assertThat(read.get(i)).isEqualTo(expected);
        assertThat(reader.findTrace(expected.traceId())).contains(expected);
      }
    }
  }

  private static Trace trace(TraceId id, Random random) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int s = 0; s < 1 + random.nextInt(6); s++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(id.toBytes()))
              .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(s + 1))))
              .setName("op")
              .setStartTimeUnixNano(1_000_000L + s)
              .setEndTimeUnixNano(2_000_000L + s);
      for (int a = random.nextInt(30); a > 0; a--) {
        span.addAttributes(attribute(random));
      }
      scope.addSpans(span);
    }
    return new Trace(id, List.of(ResourceSpans.newBuilder().addScopeSpans(scope).build()));
  }

  /** Keys from a pool larger than the slots of each kind, values of changing kinds. */
  private static KeyValue attribute(Random random) {
    String key = "key." + random.nextInt(40);
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (random.nextInt(7)) {
      case 0 -> v.setStringValue("value-" + random.nextInt(5));
      case 1 -> v.setStringValue(Long.toHexString(random.nextLong())); // 15 or 16 digits, mostly
      case 2 -> v.setStringValue("abcdef0123456789abc".substring(0, 15 + random.nextInt(5)));
      case 3 -> v.setIntValue(random.nextLong());
      case 4 -> v.setBoolValue(random.nextBoolean());
      case 5 -> v.setDoubleValue(random.nextDouble());
      default -> {
        key = random.nextBoolean() ? "http.route" : "server.port"; // fixed dedicated columns
        if (random.nextBoolean()) {
          v.setStringValue("/r" + random.nextInt(3));
        } else {
          v.setIntValue(random.nextInt(3));
        }
      }
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }
}
