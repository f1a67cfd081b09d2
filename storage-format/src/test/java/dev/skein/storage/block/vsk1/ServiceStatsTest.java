package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ServiceStatsTest {

  private static final TraceId TRACE = new TraceId(5, 6);

  @Test
  void encodeThenDecode_givesTheCountsBackUnderTheServicesOfTheSpans() {
    Span[] front = new Span[3];
    for (int i = 0; i < front.length; i++) {
      front[i] = span(i, i == 1);
    }
    Span[] cart = new Span[300]; // a count past one varint byte
    for (int i = 0; i < cart.length; i++) {
      cart[i] = span(10 + i, i % 2 == 0);
    }
    Trace trace =
        new Trace(
            TRACE,
            List.of(
                group(Resource.newBuilder().addAttributes(service("frontend")).build(), front),
                group(Resource.newBuilder().addAttributes(service("cart")).build(), cart),
                group(Resource.getDefaultInstance(), span(999, false))));
    TraceRows rows = new TraceRows(trace);

    byte[] value = ServiceStats.encode(rows.serviceStats);
    TreeMap<String, int[]> decoded = ServiceStats.decode(value, rows.spans);

    assertThat(decoded.keySet()).containsExactly("", "cart", "frontend");
    assertThat(decoded.get("")).containsExactly(1, 0);
    assertThat(decoded.get("cart")).containsExactly(300, 150);
    assertThat(decoded.get("frontend")).containsExactly(3, 1);
    assertThat(decoded).usingRecursiveComparison().isEqualTo(rows.serviceStats);
    // the names are not stored: two counts of one or two bytes per service
    assertThat(value).hasSize(2 + 4 + 2);
  }

  @Test
  void decode_malformedValues_failWithTheColumnName() {
    TraceRows rows =
        new TraceRows(
            new Trace(
                TRACE,
                List.of(
                    group(
                        Resource.newBuilder().addAttributes(service("a")).build(),
                        span(1, false)))));
    byte[] value = ServiceStats.encode(rows.serviceStats);
    byte[] longer = Arrays.copyOf(value, value.length + 1);
    assertThatThrownBy(() -> ServiceStats.decode(longer, rows.spans))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace_service_stats")
        .hasMessageContaining("past the last service");
    byte[] shorter = Arrays.copyOf(value, value.length - 1);
    assertThatThrownBy(() -> ServiceStats.decode(shorter, rows.spans))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  private static ResourceSpans group(Resource resource, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
        .build();
  }

  private static KeyValue service(String name) {
    return KeyValue.newBuilder()
        .setKey("service.name")
        .setValue(AnyValue.newBuilder().setStringValue(name))
        .build();
  }

  private static Span span(int id, boolean error) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(TRACE.toBytes()))
            .setSpanId(
                ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, (byte) (id >> 8), (byte) id}))
            .setStartTimeUnixNano(1_000 + id)
            .setEndTimeUnixNano(2_000 + id);
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b.build();
  }
}
