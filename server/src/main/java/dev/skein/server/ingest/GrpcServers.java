package dev.skein.server.ingest;

import io.grpc.Server;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** What the gRPC servers of this package (OTLP receiver, ingester query API) share. */
final class GrpcServers {

  private GrpcServers() {}

  /**
   * Stops {@code server} gracefully (in-flight calls get up to 10 s), then forcibly, and shuts down
   * the executor its calls ran on. Either may be null (never started).
   */
  static void stop(Server server, ExecutorService calls) {
    if (server != null) {
      server.shutdown();
      try {
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (calls != null) {
      calls.shutdown();
    }
  }
}
