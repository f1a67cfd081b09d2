package dev.skein.ingester.distributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire-level splitter against the reference (parse, then {@link TraceSplitter}): the same
 * batches byte for byte on what SDKs send, the same meaning on anything else it accepts, and a
 * fallback ({@link WireTraceSplitter.Unsupported}) on everything the parser rejects.
 */
class WireTraceSplitterTest {

  /** Small, so that generated attributes often need truncating. */
  static final int MAX_ATTR = 64;

  record Outcome(List<TraceBatch> batches, String message, int total, int truncated) {}

  static Outcome reference(byte[] body, int maxAttr) throws InvalidProtocolBufferException {
    Rejections r = new Rejections();
    TraceSplitter s = new TraceSplitter(maxAttr, r);
    List<TraceBatch> b = s.split(ExportTraceServiceRequest.parseFrom(body));
    return new Outcome(b, r.message(s.totalSpans()), s.totalSpans(), s.truncatedAttributes());
  }

  static Outcome wire(byte[] body, int maxAttr) throws WireTraceSplitter.Unsupported {
    Rejections r = new Rejections();
    WireTraceSplitter s = new WireTraceSplitter(body, maxAttr, r);
    List<TraceBatch> b = s.split();
    return new Outcome(b, r.message(s.totalSpans()), s.totalSpans(), s.truncatedAttributes());
  }

  static void assertSameBytes(Outcome wire, Outcome ref) throws IOException {
    assertSame(wire, ref, true);
  }

  static void assertSameMeaning(Outcome wire, Outcome ref) throws IOException {
    assertSame(wire, ref, false);
  }

  /** Same totals, message and batches; each batch's TracesData byte for byte or once parsed. */
  private static void assertSame(Outcome wire, Outcome ref, boolean byteForByte)
      throws IOException {
    assertThat(wire.total()).isEqualTo(ref.total());
    assertThat(wire.truncated()).isEqualTo(ref.truncated());
    assertThat(wire.message()).isEqualTo(ref.message());
    assertThat(wire.batches()).hasSameSizeAs(ref.batches());
    for (int i = 0; i < ref.batches().size(); i++) {
      TraceBatch w = wire.batches().get(i);
      TraceBatch r = ref.batches().get(i);
      assertThat(w.traceId()).isEqualTo(r.traceId());
      assertThat(w.spanCount()).isEqualTo(r.spanCount());
      if (byteForByte) {
        assertThat(w.tracesData())
            .as("TracesData of trace %s", r.traceId())
            .isEqualTo(r.tracesData());
      } else {
        assertThat(TracesData.parseFrom(w.tracesData()))
            .isEqualTo(TracesData.parseFrom(r.tracesData()));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"otel-java-grpc.pb", "otel-java-http.pb", "otel-js-grpc.pb"})
  void sdkCapturedBodies_sameBatches(String name) throws Exception {
    byte[] body = testdata(name);
    // the JS SDK writes default values explicitly: its span bytes are kept as sent, so its
    // batches are equal once parsed rather than byte for byte
    boolean canonical =
        Arrays.equals(ExportTraceServiceRequest.parseFrom(body).toByteArray(), body);
    for (int max : new int[] {0, 8, 2048}) {
      Outcome ref = reference(body, max);
      assertThat(ref.total()).isPositive();
      Outcome w = wire(body, max);
      if (canonical) {
        assertSameBytes(w, ref);
      } else {
        assertSameMeaning(w, ref);
      }
    }
  }

  @Test
  void generatedRequests_sameBatchesByteForByte() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    int truncatedSomewhere = 0;
    int rejectedSomewhere = 0;
    for (int n = 0; n < 300; n++) {
      byte[] body = generate(random).toByteArray();
      Outcome ref = reference(body, MAX_ATTR);
      assertSameBytes(wire(body, MAX_ATTR), ref);
      assertSameBytes(wire(body, 0), reference(body, 0));
      truncatedSomewhere += ref.truncated() > 0 ? 1 : 0;
      rejectedSomewhere += ref.message().isEmpty() ? 0 : 1;
    }
    // the generator really exercised truncation and rejection
    assertThat(truncatedSomewhere).isGreaterThan(50);
    assertThat(rejectedSomewhere).isGreaterThan(50);
  }

  @Test
  void mutatedRequests_acceptedOnlyWhenTheParserAcceptsThem_withTheSameMeaning() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    int accepted = 0;
    int fellBack = 0;
    for (int n = 0; n < 4000; n++) {
      byte[] body = mutate(generate(random).toByteArray(), random);
      Outcome w;
      try {
        w = wire(body, MAX_ATTR);
      } catch (WireTraceSplitter.Unsupported e) {
        fellBack++;
        continue; // the distributor parses these: the reference by construction
      }
      Outcome ref;
      try {
        ref = reference(body, MAX_ATTR);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("wire path accepted a body the parser rejects: " + e, e);
      }
      accepted++;
      assertSameMeaning(w, ref);
    }
    assertThat(accepted).isGreaterThan(200);
    assertThat(fellBack).isGreaterThan(200);
  }

  @Test
  void invalidUtf8InASpanName_fallsBackToTheParser() {
    byte[] name = "unique-span-name".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Span span = validSpan(1, 1).setName("unique-span-name").build();
    byte[] body = request(List.of(span)).toByteArray();
    int at = indexOf(body, name);
    body[at] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
    byte[] bad = body;
    assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(bad))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> wire(bad, MAX_ATTR)).isInstanceOf(WireTraceSplitter.Unsupported.class);
  }

  @Test
  void truncatedBody_fallsBackToTheParser() {
    byte[] body = request(List.of(validSpan(1, 1).build())).toByteArray();
    byte[] cut = Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> wire(cut, MAX_ATTR)).isInstanceOf(WireTraceSplitter.Unsupported.class);
  }

  @Test
  void resourceSentTwice_fallsBackToTheParser() throws Exception {
    Resource a = Resource.newBuilder().addAttributes(attr("a", "1")).build();
    ByteArrayOutputStream rs = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(rs);
    o.writeMessage(1, a);
    o.writeMessage(2, ScopeSpans.newBuilder().addSpans(validSpan(1, 1)).build()); // scope_spans
    o.writeMessage(1, a); // merged by the parser
    o.flush();
    byte[] body = lengthDelimited(1, rs.toByteArray());
    assertThat(reference(body, MAX_ATTR).total()).isEqualTo(1);
    assertThatThrownBy(() -> wire(body, MAX_ATTR))
        .isInstanceOf(WireTraceSplitter.Unsupported.class);
  }

  @Test
  void fieldsOutOfOrderAndRepeated_readAsTheParserReadsThem() throws Exception {
    // resource after the spans, schema URLs first, the trace id given twice (the last one wins)
    Span span = validSpan(1, 1).build();
    byte[] spanBytes =
        concat(
            span.toByteArray(),
            lengthDelimited(1, validSpan(2, 1).build().getTraceId().toByteArray()));
    ByteArrayOutputStream ss = new ByteArrayOutputStream();
    ss.write(lengthDelimited(3, "https://scope".getBytes()));
    ss.write(lengthDelimited(2, spanBytes));
    ss.write(
        lengthDelimited(1, InstrumentationScope.newBuilder().setName("lib").build().toByteArray()));
    ByteArrayOutputStream rs = new ByteArrayOutputStream();
    rs.write(lengthDelimited(3, "https://resource".getBytes()));
    rs.write(lengthDelimited(2, ss.toByteArray()));
    rs.write(
        lengthDelimited(
            1,
            Resource.newBuilder().addAttributes(attr("service.name", "s")).build().toByteArray()));
    byte[] body = lengthDelimited(1, rs.toByteArray());

    Outcome ref = reference(body, MAX_ATTR);
    Outcome w = wire(body, MAX_ATTR);
    assertThat(w.batches()).hasSize(1);
    assertThat(w.batches().get(0).traceId()).isEqualTo(ref.batches().get(0).traceId());
    assertThat(TracesData.parseFrom(w.batches().get(0).tracesData()))
        .isEqualTo(TracesData.parseFrom(ref.batches().get(0).tracesData()));
    assertThat(w.batches().get(0).traceId().toString()).isEqualTo(hexTrace(2));
  }

  // --- generation -------------------------------------------------------------------------

  static ExportTraceServiceRequest generate(SplittableRandom r) {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    int traceBase = r.nextInt(1000);
    int spanNo = 1;
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      ResourceSpans.Builder rs = req.addResourceSpansBuilder();
      if (r.nextInt(4) != 0) {
        Resource.Builder res = rs.getResourceBuilder();
        res.addAttributes(attr("service.name", "svc-" + r.nextInt(5)));
        for (int a = 0, m = r.nextInt(3); a < m; a++) {
          res.addAttributes(KeyValue.newBuilder().setKey("r" + a).setValue(value(r, 0)));
        }
      }
      if (r.nextBoolean()) {
        rs.setSchemaUrl("https://opentelemetry.io/schemas/1." + r.nextInt(30));
      }
      for (int j = 0, m = 1 + r.nextInt(3); j < m; j++) {
        ScopeSpans.Builder ss = rs.addScopeSpansBuilder();
        if (r.nextInt(3) != 0) {
          ss.getScopeBuilder().setName("lib-" + j).setVersion("1." + r.nextInt(9));
          if (r.nextInt(4) == 0) {
            ss.getScopeBuilder()
                .addAttributes(KeyValue.newBuilder().setKey("s").setValue(value(r, 0)));
          }
        }
        if (r.nextInt(3) == 0) {
          ss.setSchemaUrl("https://scope/" + j);
        }
        for (int k = 0, p = 1 + r.nextInt(12); k < p; k++) {
          ss.addSpans(span(r, traceBase + r.nextInt(4) + 1, spanNo++));
        }
      }
    }
    return req.build();
  }

  static Span span(SplittableRandom r, int trace, int spanNo) {
    Span.Builder b = validSpan(trace, spanNo);
    b.setName(r.nextInt(5) == 0 ? "naïve ünïcode span ✓ " + spanNo : "op-" + r.nextInt(20));
    b.setKindValue(r.nextInt(6));
    if (r.nextBoolean()) {
      b.setParentSpanId(ByteString.copyFrom(spanId(spanNo + 1000)));
    }
    for (int a = 0, n = r.nextInt(5); a < n; a++) {
      b.addAttributes(KeyValue.newBuilder().setKey("k" + a).setValue(value(r, 0)));
    }
    if (r.nextInt(4) == 0) {
      b.addEventsBuilder()
          .setName("event")
          .setTimeUnixNano(1_700_000_000_000_000_500L)
          .addAttributes(KeyValue.newBuilder().setKey("e").setValue(value(r, 0)));
    }
    if (r.nextInt(5) == 0) {
      b.addLinksBuilder()
          .setTraceId(ByteString.copyFrom(traceId(trace + 7)))
          .setSpanId(ByteString.copyFrom(spanId(3)))
          .setTraceState("a=b")
          .addAttributes(KeyValue.newBuilder().setKey("l").setValue(value(r, 0)));
    }
    if (r.nextInt(3) == 0) {
      b.setStatus(Status.newBuilder().setCodeValue(r.nextInt(3)).setMessage("status " + spanNo));
    }
    switch (r.nextInt(14)) {
      case 0 -> b.setTraceId(ByteString.copyFrom(new byte[16]));
      case 1 -> b.setTraceId(ByteString.copyFrom(traceId(trace)).substring(1));
      case 2 -> b.setSpanId(ByteString.copyFrom(new byte[8]));
      case 3 -> b.setEndTimeUnixNano(b.getStartTimeUnixNano() - 1);
      case 4 -> b.clearTraceId();
      default -> {}
    }
    return b.build();
  }

  static AnyValue value(SplittableRandom r, int depth) {
    return switch (r.nextInt(depth < 2 ? 8 : 5)) {
      case 0 -> AnyValue.newBuilder().setStringValue("v" + r.nextInt(100)).build();
      case 1 -> AnyValue.newBuilder().setStringValue("é".repeat(20 + r.nextInt(30))).build();
      case 2 -> AnyValue.newBuilder().setIntValue(r.nextLong()).build();
      case 3 -> AnyValue.newBuilder().setBoolValue(r.nextBoolean()).build();
      case 4 ->
          AnyValue.newBuilder()
              .setBytesValue(ByteString.copyFrom(new byte[r.nextInt(100)]))
              .build();
      case 5 ->
          AnyValue.newBuilder()
              .setArrayValue(
                  ArrayValue.newBuilder()
                      .addValues(value(r, depth + 1))
                      .addValues(value(r, depth + 1)))
              .build();
      case 6 ->
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(KeyValue.newBuilder().setKey("n").setValue(value(r, depth + 1))))
              .build();
      default -> AnyValue.newBuilder().setDoubleValue(r.nextDouble()).build();
    };
  }

  static byte[] mutate(byte[] body, SplittableRandom r) {
    byte[] b = body.clone();
    switch (r.nextInt(5)) {
      case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      case 1 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 3 -> {
        int at = r.nextInt(b.length);
        byte[] extra = new byte[1 + r.nextInt(4)];
        for (int i = 0; i < extra.length; i++) {
          extra[i] = (byte) r.nextInt(256);
        }
        b = concat(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
      }
      default -> {
        // a few flips at once
        for (int i = 0; i < 3; i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }

  // --- helpers ----------------------------------------------------------------------------

  static Span.Builder validSpan(int trace, int spanNo) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId(trace)))
        .setSpanId(ByteString.copyFrom(spanId(spanNo)))
        .setName("span")
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_000_000_001_000L);
  }

  static ExportTraceServiceRequest request(List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "svc")))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
        .build();
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static byte[] traceId(int n) {
    byte[] id = new byte[16];
    id[0] = (byte) 0xAB;
    id[12] = (byte) (n >>> 24);
    id[13] = (byte) (n >>> 16);
    id[14] = (byte) (n >>> 8);
    id[15] = (byte) n;
    return id;
  }

  static String hexTrace(int n) {
    return java.util.HexFormat.of().formatHex(traceId(n));
  }

  static byte[] spanId(int n) {
    byte[] id = new byte[8];
    id[0] = 1;
    id[6] = (byte) (n >>> 8);
    id[7] = (byte) n;
    return id;
  }

  static byte[] lengthDelimited(int field, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeByteArray(field, content);
    o.flush();
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = WireTraceSplitterTest.class.getResourceAsStream("/testdata/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
