package dev.skein.bench.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OtlpJsonEncoderTest {

  private static final Pattern ID =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"");

  @Test
  void encode_workloadBatches_roundTripThroughJsonFormat() throws Exception {
    Workload w = new Workload(WorkloadConfig.defaults().withTraces(200).withSpansPerBatch(300));
    int batches = 0;
    while (w.hasNext()) {
      ExportTraceServiceRequest request = w.next().request();
      assertThat(parse(OtlpJsonEncoder.encodeToString(request))).isEqualTo(request);
      batches++;
    }
    assertThat(batches).isGreaterThan(5);
  }

  @Test
  void encode_idsAsHex_int64AsStrings_enumsAsIntegers() {
    String json = OtlpJsonEncoder.encodeToString(request());
    assertThat(json)
        .contains("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\"")
        .contains("\"spanId\":\"1112131415161718\"")
        .contains("\"startTimeUnixNano\":\"1767225600000000001\"")
        .contains("\"kind\":2")
        .contains("\"intValue\":\"-42\"")
        .contains("\"code\":2")
        .contains("\"stringValue\":\"a \\\"quoted\\\"\\n\\ttab \\u0001\"")
        .doesNotContain("parentSpanId")
        .doesNotContain("droppedAttributesCount");
  }

  @Test
  void encode_everyValueKind_roundTrips() throws Exception {
    ExportTraceServiceRequest request = request();
    assertThat(parse(OtlpJsonEncoder.encodeToString(request))).isEqualTo(request);
  }

  private static ExportTraceServiceRequest request() {
    AnyValue nested =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("inner", AnyValue.newBuilder().setBoolValue(true).build())))
            .build();
    Span span =
        Span.newBuilder()
            .setTraceId(ByteString.fromHex("0102030405060708090a0b0c0d0e0f10"))
            .setSpanId(ByteString.fromHex("1112131415161718"))
            .setName("GET /x")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1_767_225_600_000_000_001L)
            .setEndTimeUnixNano(-1L) // max unsigned fixed64
            .setFlags(0x301)
            .addAttributes(
                kv("s", AnyValue.newBuilder().setStringValue("a \"quoted\"\n\ttab \u0001").build()))
            .addAttributes(kv("i", AnyValue.newBuilder().setIntValue(-42).build()))
            .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(0.25).build()))
            .addAttributes(
                kv(
                    "b",
                    AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("xyz")).build()))
            .addAttributes(
                kv(
                    "a",
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setStringValue("one"))
                                .addValues(nested))
                        .build()))
            .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(5))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(ByteString.fromHex("0102030405060708090a0b0c0d0e0f11"))
                    .setSpanId(ByteString.fromHex("2122232425262728")))
            .setStatus(
                io.opentelemetry.proto.trace.v1.Status.newBuilder()
                    .setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("boom"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** Parses OTLP/JSON with protobuf's JsonFormat after turning the hex ids into base64. */
  private static ExportTraceServiceRequest parse(String otlpJson) throws Exception {
    Matcher m = ID.matcher(otlpJson);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
      m.appendReplacement(sb, "\"" + m.group(1) + "\":\"" + b64 + "\"");
    }
    m.appendTail(sb);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JsonFormat.parser().merge(sb.toString(), b);
    return b.build();
  }
}
