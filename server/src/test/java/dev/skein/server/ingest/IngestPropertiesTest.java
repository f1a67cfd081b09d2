package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.Overrides;
import dev.skein.ingester.distributor.TenantLimits;
import dev.skein.ingester.live.FlushConfig;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.server.config.ConfigReport;
import dev.skein.server.config.ConfigValidator;
import dev.skein.server.config.SkeinProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestPropertiesTest {

  @Test
  void toConfig_defaults_moduleDefaults() {
    DistributorConfig d = new DistributorProperties().toConfig();
    assertThat(d).isEqualTo(DistributorConfig.defaults());
    IngesterConfig i = new IngesterProperties().toConfig("/var/skein");
    assertThat(i.wal().dir()).isEqualTo(Path.of("/var/skein/wal"));
    assertThat(i.traceIdlePeriod()).isEqualTo(IngesterConfig.DEFAULT_TRACE_IDLE_PERIOD);
    assertThat(i.maxLiveTraceBytes()).isEqualTo(IngesterConfig.DEFAULT_MAX_LIVE_TRACE_BYTES);
  }

  @Test
  void toConfig_walDirSet_usedInsteadOfDataDir() {
    IngesterProperties p = new IngesterProperties();
    p.setWalDir("/fast-disk/wal");
    assertThat(p.toConfig("/var/skein").wal().dir()).isEqualTo(Path.of("/fast-disk/wal"));
  }

  @Test
  void validate_badIngestValues_everyProblemListedWithPropertyAndValue() {
    DistributorProperties d = new DistributorProperties();
    d.setOtlpGrpcPort(70000);
    IngesterProperties i = new IngesterProperties();
    i.setTraceIdlePeriod(Duration.ZERO);
    ConfigReport report = ConfigValidator.validate(new SkeinProperties(), List.of(d, i));
    assertThat(report.valid()).isFalse();
    assertThat(report.problems())
        .contains(
            "skein.distributor.otlp-grpc-port must be between 0 and 65535, was 70000",
            "skein.ingester.trace-idle-period must be > 0, was PT0S");
  }

  @Test
  void toConfig_inflightBelowRequestSize_rejected() {
    DistributorProperties d = new DistributorProperties();
    d.setMaxInflightBytes(1000);
    assertThatThrownBy(d::toConfig)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "skein.distributor.max-inflight-bytes must be >= max-request-bytes");
  }

  @Test
  void toConfig_flushSettings_passedToTheIngester() {
    IngesterProperties p = new IngesterProperties();
    p.setFlushWorkers(3);
    p.setFlushRetryBackoffMin(Duration.ofMillis(200));
    p.setFlushRetryBackoffMax(Duration.ofSeconds(30));
    p.setCompleteBlockTimeout(Duration.ofMinutes(6));
    p.setMaxUnflushedBytes(1 << 30);
    assertThat(p.toConfig("/d").flush())
        .isEqualTo(
            new FlushConfig(
                3, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(6), 1 << 30));
    assertThat(new IngesterProperties().toConfig("/d").flush()).isEqualTo(FlushConfig.defaults());
  }

  @Test
  void completeBlockTimeout_shorterThanBlocklistPoll_rejectedUnlessZero() {
    Duration poll = Duration.ofMinutes(5);
    assertThatThrownBy(
            () -> IngestConfiguration.checkCompleteBlockTimeout(Duration.ofMinutes(4), poll))
        .hasMessageStartingWith(
            "skein.ingester.complete-block-timeout (PT4M) must be at least"
                + " skein.storage.blocklist-poll (PT5M) or 0");
    IngestConfiguration.checkCompleteBlockTimeout(Duration.ofMinutes(5), poll);
    IngestConfiguration.checkCompleteBlockTimeout(Duration.ZERO, poll);
    assertThat(FlushConfig.DEFAULT_COMPLETE_BLOCK_TIMEOUT)
        .isGreaterThan(new SkeinProperties().getStorage().getBlocklistPoll());
  }

  @Test
  void overrides_boundFromPropertyNames_perTenantWithDefaultsElsewhere() {
    OverridesProperties p =
        new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source
                    .MapConfigurationPropertySource(
                    java.util.Map.of(
                        "skein.overrides.rate-limit-bytes.acme", "50000000",
                        "skein.overrides.burst-bytes.acme", "60000000",
                        "skein.overrides.max-bytes-per-trace.big-traces", "20000000",
                        "skein.overrides.max-live-trace-bytes.acme", "1000000000")))
            .bind("skein.overrides", OverridesProperties.class)
            .get();
    Overrides o = p.toConfig();
    assertThat(o.forTenant("acme"))
        .isEqualTo(new TenantLimits(50_000_000L, 60_000_000L, null, 1_000_000_000L));
    assertThat(o.forTenant("big-traces"))
        .isEqualTo(new TenantLimits(null, null, 20_000_000L, null));
    assertThat(o.forTenant("other")).isEqualTo(TenantLimits.DEFAULTS);
  }

  @Test
  void overrides_invalid_problemNamesPropertyAndTenant() {
    OverridesProperties p = new OverridesProperties();
    p.getBurstBytes().put("acme", 0L);
    ConfigReport report = ConfigValidator.validate(new SkeinProperties(), List.of(p));
    assertThat(report.problems())
        .containsExactly("skein.overrides.burst-bytes.acme must be > 0, was 0");

    OverridesProperties bad = new OverridesProperties();
    bad.getRateLimitBytes().put("no/slash", 1L);
    assertThatThrownBy(bad::toConfig)
        .hasMessage("skein.overrides.*.no/slash: 'no/slash' is not a valid tenant id");
  }
}
