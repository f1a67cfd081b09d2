package dev.skein.ingester.distributor;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.request;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.TooLargeException;
import dev.skein.common.UnauthenticatedException;
import dev.skein.testkit.OtlpSpans;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DistributorTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicLong clock = new AtomicLong();
  final List<TraceBatch> pushed = new ArrayList<>();
  SpanSink sink =
      (tenant, traces) -> {
        pushed.addAll(traces);
        return CompletableFuture.completedFuture(PushResult.ACCEPTED);
      };

  Distributor distributor(DistributorConfig config) {
    return new Distributor(config, (t, b) -> sink.push(t, b), meters, clock::get);
  }

  Distributor distributor() {
    return distributor(DistributorConfig.defaults());
  }

  double refused(String reason) {
    var c = meters.find("skein.distributor.spans.refused").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void tenant_multitenancyOff_singleTenantWhateverTheHeader() {
    assertThat(distributor().tenant(null)).isEqualTo("single-tenant");
    assertThat(distributor().tenant("acme")).isEqualTo("single-tenant");
  }

  @Test
  void tenant_multitenancyOnWithoutHeader_unauthenticated() {
    Distributor d = distributor(new DistributorConfig(true, 0, 1000, 10, 1000, 1000));
    assertThatThrownBy(() -> d.tenant(null))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("X-Scope-OrgID");
    assertThatThrownBy(() -> d.tenant("../etc"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("may only contain");
    assertThat(d.tenant("acme")).isEqualTo("acme");
  }

  @Test
  void export_invalidSpans_rejectedWithReasonsRestKept() throws Exception {
    Span good = span(hex(1), spanHex(1), "good");
    Span zeroTrace = good.toBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build();
    Span shortSpan = good.toBuilder().setSpanId(ByteString.copyFrom(new byte[] {1, 2})).build();
    Span backwards =
        good.toBuilder()
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 9}))
            .setEndTimeUnixNano(1)
            .build();
    Span good2 = span(hex(2), spanHex(2), "good2");
    ExportTraceServiceRequest r =
        request("svc", List.of(good, zeroTrace, shortSpan, backwards, good2));

    ExportResult result = distributor().export("single-tenant", r, r.getSerializedSize()).get();

    assertThat(result.rejectedSpans()).isEqualTo(3);
    assertThat(result.errorMessage())
        .startsWith("rejected 3 of 5 spans: ")
        .contains(
            "1 invalid_trace_id (first: resourceSpans[0].scopeSpans[0].spans[1]: trace id is all zeros)")
        .contains(
            "1 invalid_span_id (first: resourceSpans[0].scopeSpans[0].spans[2]: span id is 2 bytes, expected 8)")
        .contains(
            "1 end_before_start (first: resourceSpans[0].scopeSpans[0].spans[3]: end time 1 is before start time 1000)");
    assertThat(pushed)
        .extracting(TraceBatch::traceId)
        .containsExactly(TraceId.parseHex(hex(1)), TraceId.parseHex(hex(2)));
    assertThat(refused("invalid_trace_id")).isEqualTo(1);
    assertThat(meters.get("skein.distributor.spans.received").counter().count()).isEqualTo(5);
  }

  @Test
  void export_interleavedTraces_splitPerTraceKeepingResourceAndScope() throws Exception {
    ExportTraceServiceRequest r =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                OtlpSpans.resourceSpans(
                    "a",
                    List.of(
                        span(hex(1), spanHex(1), "a1"),
                        span(hex(2), spanHex(2), "a2"),
                        span(hex(1), spanHex(3), "a3"))))
            .addResourceSpans(OtlpSpans.resourceSpans("b", List.of(span(hex(1), spanHex(4), "b1"))))
            .build();
    distributor().export("t", r, 10).get();

    assertThat(pushed).hasSize(2);
    TracesData first = TracesData.parseFrom(pushed.get(0).tracesData());
    assertThat(pushed.get(0).spanCount()).isEqualTo(3);
    assertThat(first.getResourceSpansCount()).isEqualTo(2);
    assertThat(first.getResourceSpans(0).getResource())
        .isEqualTo(r.getResourceSpans(0).getResource());
    assertThat(first.getResourceSpans(0).getScopeSpans(0).getScope())
        .isEqualTo(r.getResourceSpans(0).getScopeSpans(0).getScope());
    assertThat(first.getResourceSpans(0).getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("a1", "a3");
    assertThat(first.getResourceSpans(1).getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("b1");
    TracesData second = TracesData.parseFrom(pushed.get(1).tracesData());
    assertThat(second.getResourceSpans(0).getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("a2");
  }

  @Test
  void export_longAttributeValue_truncatedAtUtf8BoundaryAndCounted() throws Exception {
    Span s =
        span(hex(1), spanHex(1), "s").toBuilder()
            .addAttributes(OtlpSpans.attr("big", "é".repeat(20)))
            .build();
    distributor(new DistributorConfig(false, 0, 1000, 11, 1000, 1000))
        .export("t", request("svc", List.of(s)), 10)
        .get();

    Span stored =
        TracesData.parseFrom(pushed.get(0).tracesData())
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(stored.getAttributes(1).getValue().getStringValue()).isEqualTo("é".repeat(5));
    assertThat(stored.getAttributes(0).getValue().getStringValue()).isEqualTo("/s");
    assertThat(meters.get("skein.distributor.attributes.truncated").counter().count()).isEqualTo(1);
  }

  @Test
  void export_overRate_rateLimitedRetryableThenAcceptedAfterRefill() throws Exception {
    Distributor d = distributor(new DistributorConfig(false, 1000, 2000, 100, 1 << 20, 1 << 20));
    ExportTraceServiceRequest r = request("svc", List.of(span(hex(1), spanHex(1), "s")));
    d.export("t", r, 1500).get();
    assertThatThrownBy(() -> d.export("t", r, 1500))
        .isInstanceOfSatisfying(
            OverCapacityException.class,
            e -> {
              assertThat(e.rateLimited()).isTrue();
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
              assertThat(e.getMessage())
                  .startsWith("RATE_LIMITED: tenant t is over its ingestion rate of 1000 bytes/s");
            });
    assertThat(refused("rate_limited")).isEqualTo(1);
    // another tenant has its own bucket
    d.export("other", r, 1500).get();
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    d.export("t", r, 1500).get();
  }

  @Test
  void export_tenantOverrides_ownRateAndBurstOthersKeepDefaults() throws Exception {
    Overrides overrides =
        Overrides.of(
            java.util.Map.of(
                "big", new TenantLimits(100_000L, 200_000L, null, null),
                "free", new TenantLimits(0L, null, null, null)));
    Distributor d =
        new Distributor(
            new DistributorConfig(false, 1000, 2000, 100, 1 << 20, 1 << 20),
            overrides,
            (t, b) -> sink.push(t, b),
            meters,
            clock::get);
    ExportTraceServiceRequest r = request("svc", List.of(span(hex(1), spanHex(1), "s")));
    // "big": burst 200,000 bytes, far over the default 2,000
    for (int i = 0; i < 10; i++) {
      d.export("big", r, 15_000).get();
    }
    assertThatThrownBy(() -> d.export("big", r, 100_000))
        .isInstanceOfSatisfying(
            OverCapacityException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "RATE_LIMITED: tenant big is over its ingestion rate of 100000 bytes/s"
                            + " (burst 200000 bytes)"));
    // "free": rate 0 disables the limit, and with it the burst's size check
    for (int i = 0; i < 10; i++) {
      d.export("free", r, 50_000).get();
    }
    // everyone else: the defaults
    assertThatThrownBy(() -> d.export("other", r, 5000))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("(2000 bytes)");
    d.export("other", r, 1500).get();
    assertThatThrownBy(() -> d.export("other", r, 1500)).isInstanceOf(OverCapacityException.class);
  }

  @Test
  void tenantLimits_invalid_namesTheLimit() {
    assertThatThrownBy(() -> new TenantLimits(-1L, null, null, null))
        .hasMessage("rate-limit-bytes must be >= 0, was -1");
    assertThatThrownBy(() -> new TenantLimits(null, 0L, null, null))
        .hasMessage("burst-bytes must be > 0, was 0");
    assertThatThrownBy(() -> new TenantLimits(null, null, null, -5L))
        .hasMessage("max-live-trace-bytes must be > 0, was -5");
    assertThat(Overrides.NONE.forTenant("x")).isEqualTo(TenantLimits.DEFAULTS);
  }

  @Test
  void export_afterLongIdlePeriod_bucketFullNotOverflowed() throws Exception {
    Distributor d = distributor(DistributorConfig.defaults());
    ExportTraceServiceRequest r = request("svc", List.of(span(hex(1), spanHex(1), "s")));
    d.export("t", r, 1000).get();
    clock.addAndGet(Duration.ofDays(3).toNanos());
    assertThat(d.export("t", r, 1000).get().rejectedSpans()).isZero();
  }

  @Test
  void export_requestLargerThanBurst_tooLarge() {
    Distributor d = distributor(new DistributorConfig(false, 1000, 2000, 100, 1 << 20, 1 << 20));
    assertThatThrownBy(
            () -> d.export("t", request("svc", List.of(span(hex(1), spanHex(1), "s"))), 5000))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("larger than the ingestion burst");
  }

  @Test
  void export_sinkRefusesTrace_partialSuccessAndCounted() throws Exception {
    sink =
        (t, b) ->
            CompletableFuture.completedFuture(
                new PushResult(
                    List.of(
                        new PushResult.Refusal(
                            b.get(0).traceId(), 1, RefusalReason.TRACE_TOO_LARGE, "too big"))));
    ExportTraceServiceRequest r =
        request("svc", List.of(span(hex(1), spanHex(1), "a"), span(hex(2), spanHex(2), "b")));
    ExportResult result = distributor().export("t", r, 10).get();
    assertThat(result.rejectedSpans()).isEqualTo(1);
    assertThat(result.errorMessage())
        .isEqualTo(
            "rejected 1 of 2 spans: 1 trace_too_large (first: trace " + hex(1) + ": too big)");
    assertThat(refused("trace_too_large")).isEqualTo(1);
  }

  @Test
  void export_sinkFails_failedFutureRetryableAndCounted() {
    sink =
        (t, b) ->
            CompletableFuture.failedFuture(
                new java.io.UncheckedIOException(new java.io.IOException("disk full")));
    CompletableFuture<ExportResult> f =
        distributor().export("t", request("svc", List.of(span(hex(1), spanHex(1), "a"))), 10);
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(OverCapacityException.class)
        .hasMessageContaining("disk full");
    assertThat(refused("unavailable")).isEqualTo(1);
  }

  @Test
  void export_tooManyBytesWaitingForSink_unavailableUntilTheyComplete() throws Exception {
    CompletableFuture<PushResult> slow = new CompletableFuture<>();
    sink = (t, b) -> slow;
    Distributor d = distributor(new DistributorConfig(false, 0, 1000, 100, 1000, 1000));
    ExportTraceServiceRequest r = request("svc", List.of(span(hex(1), spanHex(1), "a")));
    CompletableFuture<ExportResult> first = d.export("t", r, 600);
    assertThatThrownBy(() -> d.export("t", r, 600))
        .isInstanceOfSatisfying(
            OverCapacityException.class,
            e -> {
              assertThat(e.rateLimited()).isFalse();
              assertThat(e.getMessage()).contains("skein.distributor.max-inflight-bytes");
            });
    slow.complete(PushResult.ACCEPTED);
    assertThat(first.get().rejectedSpans()).isZero();
    assertThat(d.export("t", r, 600).get().rejectedSpans()).isZero();
  }
}
