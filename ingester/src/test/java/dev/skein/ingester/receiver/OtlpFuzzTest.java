package dev.skein.ingester.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.TooLargeException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.ExportResult;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.TraceBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fuzzes the ingest path as a request body takes it: gunzip, decode (OTLP/JSON or protobuf), then
 * the distributor's validation and split into per-trace batches. A body is either refused with
 * {@link InvalidRequestException}/{@link TooLargeException} or accepted with every span either
 * stored in a well-formed batch or counted as rejected. Seeds: {@code OtlpFuzzTestInputs/} plus the
 * captured bodies under {@code testdata/}.
 */
class OtlpFuzzTest {

  private static final int MAX_BYTES = 1 << 20;

  @FuzzTest(maxDuration = "30s")
  void json_anyBody_decodesOrThrowsInvalidRequest(byte[] body) throws Exception {
    ExportTraceServiceRequest request;
    try {
      request = OtlpJsonDecoder.decode(body);
    } catch (InvalidRequestException expected) {
      return;
    }
    distribute(request, body.length);
  }

  @FuzzTest(maxDuration = "30s")
  void protobuf_anyBody_decodesOrThrowsInvalidRequest(byte[] body) throws Exception {
    ExportTraceServiceRequest request;
    try {
      request = OtlpProtobuf.decode(body);
    } catch (InvalidRequestException expected) {
      return;
    }
    distribute(request, body.length);
  }

  /**
   * The wire-level path ({@link Distributor#exportProtobuf}) against parse-then-split: the same
   * refusal, or the same result and batches that parse to the same spans.
   */
  @FuzzTest(maxDuration = "30s")
  void protobuf_wirePath_sameAsParsing(byte[] body) throws Exception {
    List<TraceBatch> viaParser = new ArrayList<>();
    List<TraceBatch> viaWire = new ArrayList<>();
    ExportTraceServiceRequest request;
    try {
      request = OtlpProtobuf.decode(body);
    } catch (InvalidRequestException parserRefused) {
      assertThatThrownBy(() -> capturing(viaWire).exportProtobuf("fuzz", body))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(parserRefused.getMessage());
      return;
    }
    ExportResult expected = capturing(viaParser).export("fuzz", request, body.length).get();
    ExportResult actual = capturing(viaWire).exportProtobuf("fuzz", body).get();
    assertThat(actual).isEqualTo(expected);
    assertThat(viaWire).hasSameSizeAs(viaParser);
    for (int i = 0; i < viaParser.size(); i++) {
      assertThat(viaWire.get(i).traceId()).isEqualTo(viaParser.get(i).traceId());
      assertThat(viaWire.get(i).spanCount()).isEqualTo(viaParser.get(i).spanCount());
      assertThat(parse(viaWire.get(i).tracesData()))
          .isEqualTo(parse(viaParser.get(i).tracesData()));
    }
  }

  private static Distributor capturing(List<TraceBatch> into) {
    return new Distributor(
        new DistributorConfig(false, 1L << 40, 1L << 40, 64, MAX_BYTES, 1L << 30),
        (tenant, batches) -> {
          into.addAll(batches);
          return CompletableFuture.completedFuture(PushResult.ACCEPTED);
        },
        new SimpleMeterRegistry(),
        () -> 0L);
  }

  @FuzzTest(maxDuration = "30s")
  void gunzip_anyBody_inflatesOrRefuses(byte[] body) {
    try {
      assertThat(RequestBodies.gunzip(body, MAX_BYTES).length).isLessThanOrEqualTo(MAX_BYTES);
    } catch (InvalidRequestException | TooLargeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static void distribute(ExportTraceServiceRequest request, long bytes) throws Exception {
    int[] stored = {0};
    Distributor d =
        new Distributor(
            new DistributorConfig(false, 1L << 40, 1L << 40, 1024, MAX_BYTES, 1L << 30),
            (tenant, batches) -> {
              for (TraceBatch b : batches) {
                assertThat(b.traceId().isZero()).isFalse();
                TracesData data = parse(b.tracesData());
                int spans =
                    data.getResourceSpansList().stream()
                        .flatMap(r -> r.getScopeSpansList().stream())
                        .mapToInt(s -> s.getSpansCount())
                        .sum();
                assertThat(spans).isEqualTo(b.spanCount());
                stored[0] += spans;
              }
              return CompletableFuture.completedFuture(PushResult.ACCEPTED);
            },
            new SimpleMeterRegistry(),
            () -> 0L);
    ExportResult result = d.export("fuzz", request, bytes).get();
    long total =
        request.getResourceSpansList().stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .mapToLong(s -> s.getSpansCount())
            .sum();
    assertThat(stored[0] + result.rejectedSpans()).isEqualTo(total);
  }

  private static TracesData parse(byte[] bytes) {
    try {
      return TracesData.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the distributor stored a batch that does not parse", e);
    }
  }
}
