package dev.skein.ingester.kafka;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.resourceSpans;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SpanRecordsTest {

  static byte[] tracesData(int trace, int... spans) {
    TracesData.Builder b = TracesData.newBuilder();
    for (int s : spans) {
      b.addResourceSpans(resourceSpans("svc", List.of(span(hex(trace), spanHex(s), "op"))));
    }
    return b.build().toByteArray();
  }

  @Test
  void decode_ofEncodedKey_returnsTenantTraceAndSpanCount() {
    TraceId id = TraceId.parseHex(hex(7));
    byte[] value = tracesData(7, 1, 2, 3);

    SpanRecords.Decoded d = SpanRecords.decode(SpanRecords.key("team-a", id), value);

    assertThat(d.tenant()).isEqualTo("team-a");
    assertThat(d.batch().traceId()).isEqualTo(id);
    assertThat(d.batch().spanCount()).isEqualTo(3);
    assertThat(d.batch().tracesData()).isEqualTo(value);
  }

  @Test
  void key_sameTenantAndTrace_samePartition_differentTracesSpread() {
    int partitions = 16;
    TraceId id = TraceId.parseHex(hex(42));
    int p = BuiltInPartitioner.partitionForKey(SpanRecords.key("t", id), partitions);
    assertThat(BuiltInPartitioner.partitionForKey(SpanRecords.key("t", id), partitions))
        .isEqualTo(p);

    Set<Integer> used = new HashSet<>();
    for (int t = 1; t <= 200; t++) {
      used.add(
          BuiltInPartitioner.partitionForKey(
              SpanRecords.key("t", TraceId.parseHex(hex(t))), partitions));
    }
    assertThat(used).hasSize(partitions);
  }

  @Test
  void key_sameTraceOtherTenant_differentKey() {
    TraceId id = TraceId.parseHex(hex(1));
    assertThat(SpanRecords.key("a", id)).isNotEqualTo(SpanRecords.key("b", id));
  }

  @Test
  void decode_nullOrShortKey_throwsNamingTheKey() {
    assertThatThrownBy(() -> SpanRecords.decode(null, tracesData(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> SpanRecords.decode(new byte[5], tracesData(1, 1)))
        .hasMessageContaining("5 bytes");
  }

  @Test
  void decode_unknownVersion_throws() {
    byte[] key = SpanRecords.key("t", TraceId.parseHex(hex(1)));
    key[0] = 9;
    assertThatThrownBy(() -> SpanRecords.decode(key, tracesData(1, 1)))
        .hasMessageContaining("version 9");
  }

  @Test
  void decode_invalidTenant_throws() {
    byte[] key = SpanRecords.key("bad/tenant", TraceId.parseHex(hex(1)));
    assertThatThrownBy(() -> SpanRecords.decode(key, tracesData(1, 1)))
        .hasMessageContaining("invalid tenant");
  }

  @Test
  void decode_garbageValue_throws() {
    byte[] key = SpanRecords.key("t", TraceId.parseHex(hex(1)));
    assertThatThrownBy(() -> SpanRecords.decode(key, new byte[] {(byte) 0xff, 1, 2}))
        .hasMessageContaining("not an OTLP TracesData");
    assertThatThrownBy(() -> SpanRecords.decode(key, null)).hasMessageContaining("null");
  }

  @Test
  void decode_spanOfAnotherTrace_throws() {
    byte[] key = SpanRecords.key("t", TraceId.parseHex(hex(1)));
    assertThatThrownBy(() -> SpanRecords.decode(key, tracesData(2, 1)))
        .hasMessageContaining("another trace");
  }

  @Test
  void decode_noSpans_throws() {
    byte[] key = SpanRecords.key("t", TraceId.parseHex(hex(1)));
    assertThatThrownBy(() -> SpanRecords.decode(key, new byte[0])).hasMessageContaining("no span");
  }

  @Test
  void pollBatch_twoRecordsOfOneTrace_mergedIntoOneBatchWithAllSpans() throws Exception {
    TraceId id = TraceId.parseHex(hex(3));
    PollBatch batch = new PollBatch();
    batch.add(SpanRecords.decode(SpanRecords.key("t", id), tracesData(3, 1)));
    batch.add(SpanRecords.decode(SpanRecords.key("t", id), tracesData(3, 2, 3)));
    batch.add(SpanRecords.decode(SpanRecords.key("t", TraceId.parseHex(hex(4))), tracesData(4, 9)));

    List<TraceBatch> merged = batch.tenants().get("t").batches();

    assertThat(merged).hasSize(2);
    assertThat(merged.get(0).spanCount()).isEqualTo(3);
    TracesData data = TracesData.parseFrom(merged.get(0).tracesData());
    assertThat(data.getResourceSpansList())
        .flatExtracting(rs -> rs.getScopeSpans(0).getSpansList())
        .hasSize(3);
  }
}
