package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.ingester.distributor.DistributorConfig;
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
}
