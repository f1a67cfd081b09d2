package dev.skein.ingester.distributor;

import dev.skein.common.OverCapacityException;
import dev.skein.common.SkeinException;
import dev.skein.common.TenantIds;
import dev.skein.common.TooLargeException;
import dev.skein.common.UnauthenticatedException;
import dev.skein.ingester.receiver.OtlpProtobuf;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The distributor: tenant, per-tenant rate limit, per-span validation, split by trace id, hand-off
 * to the {@link SpanSink}. Every refused span is counted in {@code
 * skein_distributor_spans_refused_total{tenant,reason}} and reported to the client, either in
 * {@code partial_success} or as an error status; nothing is dropped silently.
 *
 * <p>Thread-safe; receivers call {@link #export} from many threads.
 */
public final class Distributor {

  private final DistributorConfig config;
  private final SpanSink sink;
  private final MeterRegistry meters;
  private final RateLimiter limiter;
  private final Map<String, TenantMeters> tenantMeters = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong inflightBytes =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Creates a distributor.
   *
   * @param config validated settings
   * @param sink where accepted traces go
   * @param meters where the counters are registered
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public Distributor(
      DistributorConfig config, SpanSink sink, MeterRegistry meters, LongSupplier nanoTime) {
    this(config, Overrides.NONE, sink, meters, nanoTime);
  }

  /**
   * Creates a distributor with per-tenant limit overrides.
   *
   * @param config validated settings; its rate and burst are the defaults
   * @param overrides per-tenant rate and burst
   * @param sink where accepted traces go
   * @param meters where the counters are registered
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public Distributor(
      DistributorConfig config,
      Overrides overrides,
      SpanSink sink,
      MeterRegistry meters,
      LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.limiter =
        new RateLimiter(
            config.rateLimitBytes(),
            config.burstBytes(),
            Objects.requireNonNull(overrides, "overrides"),
            nanoTime);
  }

  /** The settings. */
  public DistributorConfig config() {
    return config;
  }

  /**
   * The tenant of a request.
   *
   * @param header the X-Scope-OrgID value, or {@code null} when absent
   * @return {@link TenantIds#SINGLE_TENANT} when multi-tenancy is off, else the validated header
   * @throws UnauthenticatedException when multi-tenancy is on and the header is missing or blank
   * @throws dev.skein.common.InvalidRequestException when the tenant id is invalid
   */
  public String tenant(@Nullable String header) {
    if (!config.multitenancyEnabled()) {
      return TenantIds.SINGLE_TENANT;
    }
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException(
          "no tenant: multi-tenancy is enabled and the request has no X-Scope-OrgID header");
    }
    return TenantIds.validate(header.strip());
  }

  /**
   * Accepts an export request.
   *
   * @param tenant a tenant from {@link #tenant}
   * @param request the decoded request
   * @param requestBytes the (inflated) request size, charged to the tenant's rate limit
   * @return completes with the partial-success result once every accepted span is durable, or fails
   *     with a {@link SkeinException} that says why nothing was accepted
   * @throws OverCapacityException when the tenant is over its rate limit (429, retryable)
   * @throws TooLargeException when one request is larger than the tenant's burst
   */
  public CompletableFuture<ExportResult> export(
      String tenant, ExportTraceServiceRequest request, long requestBytes) {
    Rejections rejections = new Rejections();
    TraceSplitter splitter = new TraceSplitter(config.maxAttributeBytes(), rejections);
    List<TraceBatch> batches = splitter.split(request);
    return accept(
        tenant,
        batches,
        rejections,
        splitter.totalSpans(),
        splitter.truncatedAttributes(),
        requestBytes);
  }

  /**
   * Accepts a serialized OTLP/protobuf export request. Spans are validated and split by trace id
   * straight from the bytes and carried as they are ({@link WireTraceSplitter}); a request that
   * path cannot vouch for is parsed and handled as {@link #export(String,
   * ExportTraceServiceRequest, long)} does, with the same result.
   *
   * @param tenant a tenant from {@link #tenant}
   * @param body the (inflated) serialized {@code ExportTraceServiceRequest}; read during this call
   *     only (accepted spans are copied into per-trace batches)
   * @return as {@link #export(String, ExportTraceServiceRequest, long)}
   * @throws dev.skein.common.InvalidRequestException when the body is not a valid request
   * @throws OverCapacityException when the tenant is over its rate limit (429, retryable)
   * @throws TooLargeException when one request is larger than the tenant's burst
   */
  public CompletableFuture<ExportResult> exportProtobuf(String tenant, byte[] body) {
    Rejections rejections = new Rejections();
    WireTraceSplitter wire = new WireTraceSplitter(body, config.maxAttributeBytes(), rejections);
    List<TraceBatch> batches;
    try {
      batches = wire.split();
    } catch (WireTraceSplitter.Unsupported e) {
      return export(tenant, OtlpProtobuf.decode(body), body.length);
    }
    return accept(
        tenant, batches, rejections, wire.totalSpans(), wire.truncatedAttributes(), body.length);
  }

  private CompletableFuture<ExportResult> accept(
      String tenant,
      List<TraceBatch> batches,
      Rejections rejections,
      int total,
      int truncated,
      long requestBytes) {
    TenantMeters m = tenantMeters.computeIfAbsent(tenant, this::newMeters);
    m.received.increment(total);
    if (truncated > 0) {
      m.truncated.increment(truncated);
    }
    rateLimit(tenant, m, requestBytes, total);
    rejections.counts().forEach((reason, n) -> m.refused(reason).increment(n));
    if (batches.isEmpty()) {
      return CompletableFuture.completedFuture(result(rejections, total));
    }
    int accepted = total - rejections.total();
    if (!reserveInflight(requestBytes)) {
      m.refused(RefusalReason.UNAVAILABLE).increment(accepted);
      throw new OverCapacityException(
          "requests waiting for the write-ahead log already hold "
              + inflightBytes.get()
              + " bytes, the limit is "
              + config.maxInflightBytes()
              + " (skein.distributor.max-inflight-bytes)",
          false,
          Duration.ofSeconds(1));
    }
    CompletableFuture<PushResult> pushed;
    try {
      pushed = sink.push(tenant, batches);
    } catch (RuntimeException e) {
      pushed = CompletableFuture.failedFuture(e);
    }
    return pushed.handle(
        (push, error) -> {
          inflightBytes.addAndGet(-requestBytes);
          if (error != null) {
            Throwable cause = unwrap(error);
            m.refused(reasonOf(cause)).increment(accepted);
            throw cause instanceof SkeinException s ? s : unavailable(cause);
          }
          for (PushResult.Refusal r : push.refused()) {
            m.refused(r.reason()).increment(r.spans());
            rejections.add(r.reason(), r.spans(), "trace " + r.traceId() + ": " + r.detail());
          }
          return result(rejections, total);
        });
  }

  private void rateLimit(String tenant, TenantMeters m, long bytes, int spans) {
    long rate = limiter.rate(tenant);
    long burst = limiter.burst(tenant);
    if (rate > 0 && bytes > burst) {
      m.refused(RefusalReason.TOO_LARGE).increment(spans);
      throw new TooLargeException(
          "request of "
              + bytes
              + " bytes is larger than the ingestion burst of tenant "
              + tenant
              + " ("
              + burst
              + " bytes); send smaller batches");
    }
    long waitNanos = limiter.tryAcquire(tenant, bytes);
    if (waitNanos > 0) {
      m.refused(RefusalReason.RATE_LIMITED).increment(spans);
      throw new OverCapacityException(
          "RATE_LIMITED: tenant "
              + tenant
              + " is over its ingestion rate of "
              + rate
              + " bytes/s (burst "
              + burst
              + " bytes)",
          true,
          Duration.ofNanos(Math.max(waitNanos, 1_000_000_000L)));
    }
  }

  private boolean reserveInflight(long bytes) {
    while (true) {
      long used = inflightBytes.get();
      if (used + bytes > config.maxInflightBytes()) {
        return false;
      }
      if (inflightBytes.compareAndSet(used, used + bytes)) {
        return true;
      }
    }
  }

  private static ExportResult result(Rejections rejections, int total) {
    int rejected = rejections.total();
    return rejected == 0
        ? ExportResult.ACCEPTED
        : new ExportResult(rejected, rejections.message(total));
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static RefusalReason reasonOf(Throwable t) {
    if (t instanceof OverCapacityException o && o.getMessage().startsWith("LIVE_TRACES_EXCEEDED")) {
      return RefusalReason.LIVE_TRACES_EXCEEDED;
    }
    if (t instanceof OverCapacityException o && o.getMessage().startsWith("WAL_WRITE_FAILED")) {
      return RefusalReason.WAL_WRITE_FAILED;
    }
    return RefusalReason.UNAVAILABLE;
  }

  private static OverCapacityException unavailable(Throwable cause) {
    OverCapacityException e =
        new OverCapacityException(
            "cannot make spans durable right now: " + cause, false, Duration.ofSeconds(1));
    e.initCause(cause);
    return e;
  }

  private TenantMeters newMeters(String tenant) {
    return new TenantMeters(tenant);
  }

  @Override
  public String toString() {
    return "Distributor{" + config + ", sink=" + sink + "}";
  }

  private final class TenantMeters {
    final String tenant;
    final Counter received;
    final Counter truncated;
    final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);

    TenantMeters(String tenant) {
      this.tenant = tenant;
      this.received =
          Counter.builder("skein.distributor.spans.received")
              .description("Spans received by the distributor, valid or not")
              .tag("tenant", tenant)
              .register(meters);
      this.truncated =
          Counter.builder("skein.distributor.attributes.truncated")
              .description("Attribute values truncated to skein.distributor.max-attribute-bytes")
              .tag("tenant", tenant)
              .register(meters);
    }

    synchronized Counter refused(RefusalReason reason) {
      return refused.computeIfAbsent(
          reason,
          r ->
              Counter.builder("skein.distributor.spans.refused")
                  .description("Spans not accepted, by reason; each also reached the client")
                  .tag("tenant", tenant)
                  .tag("reason", r.label())
                  .register(meters));
    }
  }
}
