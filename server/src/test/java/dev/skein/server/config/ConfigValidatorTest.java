package dev.skein.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  @Test
  void validate_defaults_valid() {
    ConfigReport report = ConfigValidator.validate(new SkeinProperties());
    assertThat(report.problems()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void validate_badPort_namesPropertyAndValue() {
    SkeinProperties p = new SkeinProperties();
    p.getServer().setHttpListenPort(70000);
    assertThat(ConfigValidator.validate(p).problems())
        .containsExactly("skein.server.http-listen-port must be between 0 and 65535, was 70000");
  }

  @Test
  void validate_unknownBackend_namesPropertyAndValue() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("gcs");
    assertThat(ConfigValidator.validate(p).problems())
        .containsExactly("skein.storage.backend must be one of local, s3, was 'gcs'");
  }

  @Test
  void validate_severalProblems_allListedTogether() {
    SkeinProperties p = new SkeinProperties();
    p.setTarget("bogus");
    p.setDataDir(" ");
    p.getServer().setHttpListenPort(-1);
    p.getStorage().setBackend("s3");
    p.getStorage().getS3().setAccessKey("AKIA");
    p.getStorage().getS3().setEndpoint("ftp://host");
    assertThat(ConfigValidator.validate(p).problems())
        .containsExactly(
            "skein.target has unknown target(s) [bogus]; valid targets are: all, distributor,"
                + " ingester, querier, compactor",
            "skein.data-dir must not be empty",
            "skein.server.http-listen-port must be between 0 and 65535, was -1",
            "skein.storage.s3.bucket must be set when skein.storage.backend is s3",
            "skein.storage.s3.access-key and skein.storage.s3.secret-key must be set together (or"
                + " both left empty for the default credentials chain)",
            "skein.storage.s3.endpoint must be an http:// or https:// URL with a host, was"
                + " 'ftp://host'");
  }

  @Test
  void validate_s3OverPlainHttpToRemoteHost_warnsButValid() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("s3");
    p.getStorage().getS3().setBucket("traces");
    p.getStorage().getS3().setEndpoint("http://minio.example:9000");
    ConfigReport report = ConfigValidator.validate(p);
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .contains("plain http to minio.example");
  }

  @Test
  void validate_s3OverHttpToLoopback_noWarning() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("s3");
    p.getStorage().getS3().setBucket("traces");
    p.getStorage().getS3().setEndpoint("http://127.0.0.1:9000");
    assertThat(ConfigValidator.validate(p).warnings()).isEmpty();
  }

  @Test
  void validate_malformedEndpoint_namesIt() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("s3");
    p.getStorage().getS3().setBucket("b");
    p.getStorage().getS3().setEndpoint("http://bad host");
    assertThat(ConfigValidator.validate(p).problems())
        .singleElement()
        .asString()
        .startsWith("skein.storage.s3.endpoint is not a URL: 'http://bad host'");
  }

  @Test
  void validate_badS3ClientSettings_eachNamedWithValue() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("s3");
    SkeinProperties.S3 s3 = p.getStorage().getS3();
    s3.setBucket("traces");
    s3.setConnectTimeout(Duration.ZERO);
    s3.setReadTimeout(Duration.ofSeconds(-1));
    s3.setMaxRetries(-2);
    s3.setMultipartThresholdBytes(0);
    s3.setPartSizeBytes(1024);
    assertThat(ConfigValidator.validate(p).problems())
        .containsExactly(
            "skein.storage.s3.connect-timeout must be > 0, was PT0S",
            "skein.storage.s3.read-timeout must be > 0, was PT-1S",
            "skein.storage.s3.max-retries must be >= 0, was -2",
            "skein.storage.s3.multipart-threshold-bytes must be > 0, was 0",
            "skein.storage.s3.part-size-bytes must be between 5242880 and 536870912, was 1024");
  }

  @Test
  void validate_badS3ClientSettingsWithLocalBackend_ignored() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getS3().setMaxRetries(-2);
    assertThat(ConfigValidator.validate(p).problems()).isEmpty();
  }

  @Test
  void validate_badCacheSettings_eachNamedWithValue() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getCache().setMaxBytes(-1);
    p.getStorage().getCache().setMaxEntryBytes(-5);
    p.getStorage().getCache().setExpireAfterWrite(Duration.ZERO);
    assertThat(ConfigValidator.validate(p).problems())
        .containsExactly(
            "skein.storage.cache.max-bytes must be >= 0, was -1",
            "skein.storage.cache.max-entry-bytes must be >= 0, was -5",
            "skein.storage.cache.expire-after-write must be > 0, was PT0S");
  }

  @Test
  void validate_cacheEntryLimitAboveBudget_warnsButValid() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getCache().setMaxBytes(1000);
    p.getStorage().getCache().setMaxEntryBytes(2000);
    ConfigReport report = ConfigValidator.validate(p);
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .startsWith("skein.storage.cache.max-entry-bytes (2000) is larger than");
  }

  @Test
  void validate_cacheOff_valid() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getCache().setMaxBytes(0);
    ConfigReport report = ConfigValidator.validate(p);
    assertThat(report.problems()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void validate_moduleProperties_problemsCollectedWithTheRest() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().setBackend("gcs");
    dev.skein.server.query.QuerierProperties querier =
        new dev.skein.server.query.QuerierProperties();
    querier.setMaxSearchLimit(0);
    assertThat(ConfigValidator.validate(p, java.util.List.of(querier)).problems())
        .containsExactly(
            "skein.storage.backend must be one of local, s3, was 'gcs'",
            "skein.querier.max-search-limit must be > 0, was 0");
  }

  @Test
  void remoteIngesters_badEntryOrTimeout_reportedWithProperty() {
    dev.skein.server.query.QuerierProperties querier =
        new dev.skein.server.query.QuerierProperties();
    querier.setIngesters(java.util.List.of("ingester-1:9095", "ingester-2"));
    assertThat(
            ConfigValidator.validate(new SkeinProperties(), java.util.List.of(querier)).problems())
        .containsExactly(
            "skein.querier.ingesters entry 'ingester-2' is not host:port; use host:port for one"
                + " ingester or dns+host:port for every address of a name");
    querier.setIngesters(java.util.List.of("dns+ingester:9095"));
    querier.setIngesterTimeout(java.time.Duration.ZERO);
    assertThat(
            ConfigValidator.validate(new SkeinProperties(), java.util.List.of(querier)).problems())
        .containsExactly("skein.querier.ingester-timeout must be > 0, was PT0S");
  }

  @Test
  void ingesterQueryPort_outOfRange_reported() {
    dev.skein.server.ingest.IngesterProperties ingester =
        new dev.skein.server.ingest.IngesterProperties();
    ingester.setQueryGrpcPort(70000);
    assertThat(
            ConfigValidator.validate(new SkeinProperties(), java.util.List.of(ingester)).problems())
        .containsExactly("skein.ingester.query-grpc-port must be between 0 and 65535, was 70000");
  }
}
