package dev.skein.server.ingest;

import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.server.config.ModuleProperties;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code skein.distributor.*}: the OTLP receivers and the distributor's limits. Defaults are the
 * module's {@code DEFAULT_*} constants, so each exists once.
 */
@ConfigurationProperties("skein.distributor")
public class DistributorProperties implements ModuleProperties {

  /** skein.distributor.sink value for the in-process ingester. */
  public static final String SINK_INPROCESS = "inprocess";

  /** skein.distributor.sink value for the Kafka topic. */
  public static final String SINK_KAFKA = "kafka";

  /**
   * Where accepted spans go: "inprocess" (the ingester in this process, the embedded default) or
   * "kafka" (the skein.kafka topic; scale-out mode). Set the same value on every process: with
   * "kafka", ingester processes consume the topic.
   */
  private String sink = SINK_INPROCESS;

  /** Port of the OTLP/gRPC receiver (TraceService/Export). 0 picks a free port. */
  private int otlpGrpcPort = OtlpGrpcReceiver.DEFAULT_PORT;

  /** Port of the OTLP/HTTP receiver (POST /v1/traces). 0 picks a free port. */
  private int otlpHttpPort = OtlpHttpReceiver.DEFAULT_PORT;

  /** Per-tenant ingestion rate in bytes per second (inflated request bodies); 0 disables it. */
  private long rateLimitBytes = DistributorConfig.DEFAULT_RATE_LIMIT_BYTES;

  /** Per-tenant burst in bytes; a single request larger than this is refused with 413. */
  private long burstBytes = DistributorConfig.DEFAULT_BURST_BYTES;

  /** Attribute values longer than this many UTF-8 bytes are truncated and counted; 0: never. */
  private int maxAttributeBytes = DistributorConfig.DEFAULT_MAX_ATTRIBUTE_BYTES;

  /** Largest accepted request body in bytes, after gzip inflation (413 above it). */
  private long maxRequestBytes = DistributorConfig.DEFAULT_MAX_REQUEST_BYTES;

  /**
   * Bytes of requests waiting to be made durable, all tenants together; past it requests get 503 (a
   * slow disk then cannot pile requests up until the heap runs out).
   */
  private long maxInflightBytes = DistributorConfig.DEFAULT_MAX_INFLIGHT_BYTES;

  public String getSink() {
    return sink;
  }

  public void setSink(String sink) {
    this.sink = sink;
  }

  /** Whether spans travel through Kafka (scale-out mode). */
  public boolean kafkaSink() {
    return SINK_KAFKA.equals(sink);
  }

  public long getMaxInflightBytes() {
    return maxInflightBytes;
  }

  public void setMaxInflightBytes(long maxInflightBytes) {
    this.maxInflightBytes = maxInflightBytes;
  }

  public int getOtlpGrpcPort() {
    return otlpGrpcPort;
  }

  public void setOtlpGrpcPort(int otlpGrpcPort) {
    this.otlpGrpcPort = otlpGrpcPort;
  }

  public int getOtlpHttpPort() {
    return otlpHttpPort;
  }

  public void setOtlpHttpPort(int otlpHttpPort) {
    this.otlpHttpPort = otlpHttpPort;
  }

  public long getRateLimitBytes() {
    return rateLimitBytes;
  }

  public void setRateLimitBytes(long rateLimitBytes) {
    this.rateLimitBytes = rateLimitBytes;
  }

  public long getBurstBytes() {
    return burstBytes;
  }

  public void setBurstBytes(long burstBytes) {
    this.burstBytes = burstBytes;
  }

  public int getMaxAttributeBytes() {
    return maxAttributeBytes;
  }

  public void setMaxAttributeBytes(int maxAttributeBytes) {
    this.maxAttributeBytes = maxAttributeBytes;
  }

  public long getMaxRequestBytes() {
    return maxRequestBytes;
  }

  public void setMaxRequestBytes(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  /** The Kafka sink needs brokers. */
  @Override
  public List<String> crossCheck(List<ModuleProperties> all) {
    if (!kafkaSink()) {
      return List.of();
    }
    boolean brokers =
        all.stream()
            .anyMatch(m -> m instanceof KafkaProperties k && !k.getBootstrapServers().isBlank());
    return brokers
        ? List.of()
        : List.of("skein.kafka.bootstrap-servers must be set when skein.distributor.sink is kafka");
  }

  /**
   * The validated distributor config with multi-tenancy off; the wiring applies {@code
   * skein.multitenancy-enabled} through {@link DistributorConfig#withMultitenancy}.
   */
  @Override
  public DistributorConfig toConfig() {
    if (!SINK_INPROCESS.equals(sink) && !SINK_KAFKA.equals(sink)) {
      throw new IllegalArgumentException(
          "skein.distributor.sink must be one of inprocess, kafka, was '" + sink + "'");
    }
    if (otlpGrpcPort < 0 || otlpGrpcPort > 65535) {
      throw new IllegalArgumentException(
          "skein.distributor.otlp-grpc-port must be between 0 and 65535, was " + otlpGrpcPort);
    }
    if (otlpHttpPort < 0 || otlpHttpPort > 65535) {
      throw new IllegalArgumentException(
          "skein.distributor.otlp-http-port must be between 0 and 65535, was " + otlpHttpPort);
    }
    return new DistributorConfig(
        false, rateLimitBytes, burstBytes, maxAttributeBytes, maxRequestBytes, maxInflightBytes);
  }
}
