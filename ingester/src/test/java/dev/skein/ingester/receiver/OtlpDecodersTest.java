package dev.skein.ingester.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.TooLargeException;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpDecodersTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"otel-js-http", "otel-java-grpc"})
  void protobuf_capturedBody_equalsProtocTextView(String name) throws Exception {
    ExportTraceServiceRequest decoded = OtlpProtobuf.decode(Testdata.bytes(name + ".pb"));
    ExportTraceServiceRequest.Builder expected = ExportTraceServiceRequest.newBuilder();
    TextFormat.merge(Testdata.text(name + ".pb.txt"), expected);
    assertThat(decoded).isEqualTo(expected.build());
  }

  @ParameterizedTest(name = "{0} like {1}")
  @CsvSource({"otel-js-grpc.pb, otel-js-http.pb.txt", "otel-java-http.pb, otel-java-grpc.pb.txt"})
  void protobuf_otherCaptureOfSameTrace_equalsTextViewExceptIdsAndTimes(String name, String view)
      throws Exception {
    ExportTraceServiceRequest decoded = OtlpProtobuf.decode(Testdata.bytes(name));
    ExportTraceServiceRequest.Builder expected = ExportTraceServiceRequest.newBuilder();
    TextFormat.merge(Testdata.text(view), expected);
    decoded.getResourceSpansList().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .forEach(
            span -> {
              assertThat(span.getTraceId().size()).isEqualTo(16);
              assertThat(span.getSpanId().size()).isEqualTo(8);
              assertThat(span.getEndTimeUnixNano())
                  .isGreaterThanOrEqualTo(span.getStartTimeUnixNano());
            });
    assertThat(withoutIdsAndTimes(decoded)).isEqualTo(withoutIdsAndTimes(expected.build()));
  }

  /** The same client sent the same trace twice: only ids and timestamps differ. */
  private static ExportTraceServiceRequest withoutIdsAndTimes(ExportTraceServiceRequest r) {
    ExportTraceServiceRequest.Builder b = r.toBuilder();
    for (var rs : b.getResourceSpansBuilderList()) {
      for (var ss : rs.getScopeSpansBuilderList()) {
        for (var span : ss.getSpansBuilderList()) {
          span.clearTraceId().clearSpanId().clearParentSpanId();
          span.clearStartTimeUnixNano().clearEndTimeUnixNano();
          span.getEventsBuilderList().forEach(e -> e.clearTimeUnixNano());
          span.getLinksBuilderList().forEach(l -> l.clearTraceId().clearSpanId());
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"otel-js-http.json", "otel-java-marshaler.json"})
  void json_capturedBody_equalsIndependentDecoding(String name) throws Exception {
    byte[] body = Testdata.bytes(name);
    ExportTraceServiceRequest decoded = OtlpJsonDecoder.decode(body);
    assertThat(decoded).isEqualTo(Testdata.oracle(Testdata.text(name)));
  }

  @Test
  void json_ucs4ByteOrderMark_invalidRequestNot500() {
    // found by OtlpFuzzTest: Jackson sniffs the encoding in createParser and threw past the catch
    byte[] body = HexFormat.of().parseHex("003d00000000000000617474726163654964");
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("malformed OTLP JSON at $")
        .hasMessageContaining("UCS-4");
  }

  @Test
  void json_jsSdkBody_hexIdsAndNumericInt64sDecodedExactly() {
    ExportTraceServiceRequest r = OtlpJsonDecoder.decode(Testdata.bytes("otel-js-http.json"));
    Span first = r.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(TraceId.fromByteString(first.getTraceId()).toHex())
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(first.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b172");
    assertThat(first.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(first.getStartTimeUnixNano()).isEqualTo(1795624996866000000L);
    assertThat(first.getEndTimeUnixNano()).isEqualTo(1795624996866189642L);
    assertThat(first.getFlags()).isEqualTo(257);
    assertThat(first.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(first.getAttributesList())
        .extracting(KeyValue::getKey)
        .containsExactly("db.system.name", "db.query.text", "server.port");
    assertThat(first.getAttributes(2).getValue().getIntValue()).isEqualTo(5432);
  }

  @Test
  void json_javaMarshalerBody_stringInt64sAndOmittedDefaults() {
    ExportTraceServiceRequest r =
        OtlpJsonDecoder.decode(Testdata.bytes("otel-java-marshaler.json"));
    Span charge = r.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(charge.getStartTimeUnixNano()).isEqualTo(1795625005619000415L);
    assertThat(charge.getEvents(0).getAttributes(0).getValue().getIntValue()).isEqualTo(2);
    assertThat(charge.getLinks(0).getFlags()).isEqualTo(257);
    Span pay = r.getResourceSpans(0).getScopeSpans(0).getSpans(1);
    assertThat(pay.getParentSpanId().isEmpty()).isTrue();
    assertThat(pay.getStatus()).isEqualTo(Status.getDefaultInstance());
    assertThat(pay.getAttributes(1).getValue().getArrayValue().getValuesCount()).isEqualTo(2);
  }

  @Test
  void json_snakeCaseEnumNamesStringNumbersAndNulls_decoded() {
    String json =
        """
        {"resource_spans":[{"scope_spans":[{"spans":[{
          "trace_id":"0AF7651916CD43DD8448EB211C80319C","span_id":"b7ad6b7169203331",
          "kind":"SPAN_KIND_SERVER","start_time_unix_nano":1e3,"end_time_unix_nano":"2000",
          "status":{"code":"STATUS_CODE_OK"},"flags":"1","traceState":null,
          "attributes":[{"key":"d","value":{"doubleValue":"NaN"}},
                        {"key":"b","value":{"bytesValue":"AQI="}},
                        {"key":"kv","value":{"kvlistValue":{"values":[{"key":"x","value":{"boolValue":true}}]}}}],
          "someFutureField":{"nested":[1,2,{"x":null}]}}]}]}],"unknownTop":1}
        """;
    Span s =
        OtlpJsonDecoder.decode(json.getBytes(StandardCharsets.UTF_8))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(TraceId.fromByteString(s.getTraceId()).toHex())
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(s.getStartTimeUnixNano()).isEqualTo(1000);
    assertThat(s.getEndTimeUnixNano()).isEqualTo(2000);
    assertThat(s.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(s.getFlags()).isEqualTo(1);
    assertThat(s.getAttributes(0).getValue().getDoubleValue()).isNaN();
    assertThat(s.getAttributes(1).getValue().getBytesValue().toByteArray()).containsExactly(1, 2);
    assertThat(
            s.getAttributes(2).getValue().getKvlistValue().getValues(0).getValue().getBoolValue())
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "short trace id|{\"resourceSpans\":[{\"scopeSpans\":[{},{},{\"spans\":[{},{\"traceId\":\"5b8efff798038103d269b633813fc6\"}]}]}]}"
            + "|malformed OTLP JSON at $.resourceSpans[0].scopeSpans[2].spans[1].traceId: expected 32 hex characters, got 30",
        "non-hex span id|{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"zzzzzzzzzzzzzzzz\"}]}]}]}"
            + "|malformed OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0].spanId: not hex: character 'z' at position 0",
        "wrong type|{\"resourceSpans\":{}}|malformed OTLP JSON at $.resourceSpans: expected an array, got an object",
        "bad int64|{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"
            + "|malformed OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got soon",
        "unknown enum|{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_WHATEVER\"}]}]}]}"
            + "|malformed OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0].kind: unknown enum value \"SPAN_KIND_WHATEVER\"",
        "empty body||malformed OTLP JSON at $: the body is empty",
        "trailing content|{} {}|malformed OTLP JSON at $: unexpected content after the request object",
        "top-level array|[]|malformed OTLP JSON at $: expected an object, got an array",
      })
  void json_malformed_invalidRequestNamingPath(String name, String json, String message) {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message);
  }

  @Test
  void json_syntaxError_invalidRequestWithPathAndLine() {
    byte[] body =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"x\",}]}]}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("malformed OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0]")
        .hasMessageContaining("(line 1, column");
  }

  @Test
  void protobuf_truncated_invalidRequest() {
    byte[] body = Testdata.bytes("otel-js-http.pb");
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 7);
    assertThatThrownBy(() -> OtlpProtobuf.decode(truncated))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("malformed OTLP protobuf (body of " + truncated.length + " bytes)");
  }

  @Test
  void protobuf_randomBytes_invalidRequest() {
    byte[] random = new byte[512];
    new java.util.Random(42).nextBytes(random);
    assertThatThrownBy(() -> OtlpProtobuf.decode(random))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("malformed OTLP protobuf");
  }

  @Test
  void gunzip_validBody_inflated() throws Exception {
    byte[] body = Testdata.bytes("otel-java-grpc.pb");
    assertThat(RequestBodies.gunzip(gzip(body), 1 << 20)).isEqualTo(body);
  }

  @Test
  void gunzip_notGzip_invalidRequest() {
    assertThatThrownBy(() -> RequestBodies.gunzip("plain".getBytes(StandardCharsets.UTF_8), 100))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("malformed gzip body");
  }

  @Test
  void gunzip_inflatesPastLimit_tooLarge() throws Exception {
    byte[] bomb = gzip(new byte[1 << 20]);
    assertThat(bomb.length).isLessThan(2000);
    assertThatThrownBy(() -> RequestBodies.gunzip(bomb, 1000))
        .isInstanceOf(TooLargeException.class)
        .hasMessage("request body inflates to more than the limit of 1000 bytes");
  }

  @Test
  void read_overLimit_tooLarge() {
    assertThatThrownBy(
            () -> RequestBodies.read(new java.io.ByteArrayInputStream(new byte[101]), 100))
        .isInstanceOf(TooLargeException.class);
  }

  @Test
  void responseJson_partialSuccess_int64AsString() {
    assertThat(OtlpResponses.toJson(OtlpResponses.of(0, ""))).isEqualTo("{}");
    assertThat(OtlpResponses.toJson(OtlpResponses.of(3, "2 \"bad\" ids")))
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"2 \\\"bad\\\" ids\"}}");
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
