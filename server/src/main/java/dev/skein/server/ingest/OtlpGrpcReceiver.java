package dev.skein.server.ingest;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.server.security.TenantTokens;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/gRPC receiver (port 4317 by default) as a component: binds in {@link #start()}, drains
 * in-flight calls in {@link #close()}. gzip-compressed requests are inflated by grpc-java.
 */
public final class OtlpGrpcReceiver implements Component {

  /** The OTLP/gRPC port. */
  public static final int DEFAULT_PORT = 4317;

  private final Distributor distributor;
  private final int port;
  private final TenantTokens tokens;
  private volatile @Nullable Server server;
  private @Nullable ExecutorService responses;

  /** Creates the receiver; binds nothing yet. */
  public OtlpGrpcReceiver(Distributor distributor, int port) {
    this(distributor, port, TenantTokens.DISABLED);
  }

  /** Creates the receiver, checking bearer tokens with {@code tokens}; binds nothing yet. */
  public OtlpGrpcReceiver(Distributor distributor, int port, TenantTokens tokens) {
    this.distributor = distributor;
    this.port = port;
    this.tokens = tokens;
  }

  @Override
  public synchronized void start() {
    ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    Server s =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
            .maxInboundMessageSize((int) distributor.config().maxRequestBytes())
            .addService(
                ServerInterceptors.intercept(
                    new OtlpTraceService(distributor, exec).definition(),
                    OtlpTraceService.tenantInterceptor(distributor, tokens)))
            .build();
    try {
      s.start();
    } catch (IOException e) {
      exec.shutdown();
      throw new UncheckedIOException("cannot bind the OTLP/gRPC receiver to port " + port, e);
    }
    server = s;
    responses = exec;
  }

  /** The bound port (useful when configured as 0); -1 before start. */
  public synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  @Override
  public CheckResult check() {
    Server s = server;
    return s != null && !s.isShutdown()
        ? CheckResult.OK
        : CheckResult.failed("OTLP/gRPC receiver is not listening");
  }

  @Override
  public synchronized void close() {
    GrpcServers.stop(server, responses);
  }

  @Override
  public String toString() {
    return "OtlpGrpcReceiver{port=" + (server == null ? port : server.getPort()) + "}";
  }
}
