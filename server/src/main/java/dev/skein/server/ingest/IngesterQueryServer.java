package dev.skein.server.ingest;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.querier.remote.IngesterQueryService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester query API ({@code skein.api.v1.IngesterQuery}) on its own internal gRPC port ({@code
 * skein.ingester.query-grpc-port}, 9095 by default), so queriers in other processes read the
 * ingester's recent data. It is a separate port rather than a service on the OTLP port because the
 * ingester target runs no OTLP receiver, and because it is internal: it trusts the tenant named in
 * each request, so it must be reachable by queriers only, never by clients. Calls run on virtual
 * threads.
 */
public final class IngesterQueryServer implements Component {

  /** The default port, the one Tempo's components use for internal gRPC. */
  public static final int DEFAULT_PORT = 9095;

  private static final Logger LOG = LoggerFactory.getLogger(IngesterQueryServer.class);

  private final IngesterQueryService service;
  private final int port;
  private volatile @Nullable Server server;
  private @Nullable ExecutorService calls;

  /** Creates the server; binds nothing yet. */
  public IngesterQueryServer(IngesterQueryService service, int port) {
    this.service = service;
    this.port = port;
  }

  @Override
  public synchronized void start() {
    ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    Server s =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
            .executor(exec)
            .addService(service)
            .build();
    try {
      s.start();
    } catch (IOException e) {
      exec.shutdown();
      throw new UncheckedIOException(
          "cannot bind the ingester query API to port "
              + port
              + " (skein.ingester.query-grpc-port)",
          e);
    }
    server = s;
    calls = exec;
    LOG.info("ingester query API listening on gRPC port {}", s.getPort());
  }

  /** The bound port (useful when configured as 0); -1 before start. */
  public synchronized int port() {
    Server s = server;
    return s == null ? -1 : s.getPort();
  }

  @Override
  public CheckResult check() {
    Server s = server;
    return s != null && !s.isShutdown()
        ? CheckResult.OK
        : CheckResult.failed("ingester query API is not listening");
  }

  @Override
  public synchronized void close() {
    GrpcServers.stop(server, calls);
  }

  @Override
  public String toString() {
    Server s = server;
    return "IngesterQueryServer{port=" + (s == null ? port : s.getPort()) + "}";
  }
}
