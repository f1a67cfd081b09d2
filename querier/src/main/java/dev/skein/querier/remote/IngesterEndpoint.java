package dev.skein.querier.remote;

/**
 * One ingester's query API address.
 *
 * @param host a host name or IP address
 * @param port the ingester's {@code skein.ingester.query-grpc-port}
 */
public record IngesterEndpoint(String host, int port) {

  /** Validates the port. */
  public IngesterEndpoint {
    if (host.isBlank()) {
      throw new IllegalArgumentException("ingester host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("ingester port must be 1..65535, was " + port);
    }
  }

  /** How the ingester is named in messages: {@code ingester 10.0.0.7:9095}. */
  public String describe() {
    return "ingester " + host + ":" + port;
  }
}
