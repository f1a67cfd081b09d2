package dev.skein.server.ingest;

import dev.skein.common.TenantIds;
import dev.skein.ingester.distributor.Overrides;
import dev.skein.ingester.distributor.TenantLimits;
import dev.skein.server.config.ModuleProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code skein.overrides.<limit>.<tenant>}: per-tenant overrides of the ingest limits, as Tempo's
 * per-tenant overrides. A tenant not named keeps the defaults of skein.distributor.* and
 * skein.ingester.*.
 */
@ConfigurationProperties("skein.overrides")
public class OverridesProperties implements ModuleProperties {

  /**
   * Per-tenant ingestion rate in bytes per second, e.g.
   * skein.overrides.rate-limit-bytes.acme=50000000; 0 disables the limit for that tenant. Default:
   * skein.distributor.rate-limit-bytes.
   */
  private Map<String, Long> rateLimitBytes = new LinkedHashMap<>();

  /**
   * Per-tenant ingestion burst in bytes (also the largest single request), e.g.
   * skein.overrides.burst-bytes.acme=60000000. Default: skein.distributor.burst-bytes.
   */
  private Map<String, Long> burstBytes = new LinkedHashMap<>();

  /**
   * Per-tenant bytes one trace may hold in the ingester, e.g.
   * skein.overrides.max-bytes-per-trace.acme=20000000. Default: skein.ingester.max-bytes-per-trace.
   */
  private Map<String, Long> maxBytesPerTrace = new LinkedHashMap<>();

  /**
   * Per-tenant bytes of live traces (their WAL records), e.g.
   * skein.overrides.max-live-trace-bytes.acme=1000000000. Default:
   * skein.ingester.max-live-trace-bytes.
   */
  private Map<String, Long> maxLiveTraceBytes = new LinkedHashMap<>();

  public Map<String, Long> getRateLimitBytes() {
    return rateLimitBytes;
  }

  public void setRateLimitBytes(Map<String, Long> rateLimitBytes) {
    this.rateLimitBytes = rateLimitBytes;
  }

  public Map<String, Long> getBurstBytes() {
    return burstBytes;
  }

  public void setBurstBytes(Map<String, Long> burstBytes) {
    this.burstBytes = burstBytes;
  }

  public Map<String, Long> getMaxBytesPerTrace() {
    return maxBytesPerTrace;
  }

  public void setMaxBytesPerTrace(Map<String, Long> maxBytesPerTrace) {
    this.maxBytesPerTrace = maxBytesPerTrace;
  }

  public Map<String, Long> getMaxLiveTraceBytes() {
    return maxLiveTraceBytes;
  }

  public void setMaxLiveTraceBytes(Map<String, Long> maxLiveTraceBytes) {
    this.maxLiveTraceBytes = maxLiveTraceBytes;
  }

  /**
   * The validated overrides.
   *
   * @throws IllegalArgumentException naming the property and tenant of the first invalid value
   */
  @Override
  public Overrides toConfig() {
    TreeSet<String> tenants = new TreeSet<>();
    tenants.addAll(rateLimitBytes.keySet());
    tenants.addAll(burstBytes.keySet());
    tenants.addAll(maxBytesPerTrace.keySet());
    tenants.addAll(maxLiveTraceBytes.keySet());
    Map<String, TenantLimits> byTenant = new LinkedHashMap<>();
    for (String tenant : tenants) {
      if (!TenantIds.isValid(tenant)) {
        throw new IllegalArgumentException(
            "skein.overrides.*." + tenant + ": '" + tenant + "' is not a valid tenant id");
      }
      try {
        byTenant.put(
            tenant,
            new TenantLimits(
                rateLimitBytes.get(tenant),
                burstBytes.get(tenant),
                maxBytesPerTrace.get(tenant),
                maxLiveTraceBytes.get(tenant)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "skein.overrides." + e.getMessage().replaceFirst(" ", "." + tenant + " "), e);
      }
    }
    return Overrides.of(byTenant);
  }
}
