package dev.skein.server.ingest;

import com.sun.net.httpserver.HttpServer;
import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.server.security.TenantTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/HTTP receiver (port 4318 by default) on its own small HTTP server, one virtual thread
 * per request, separate from the API's Tomcat on 3200 (see ingester/RATIONALE.md).
 */
public final class OtlpHttpReceiver implements Component {

  /** The OTLP/HTTP port. */
  public static final int DEFAULT_PORT = 4318;

  private final Distributor distributor;
  private final int port;
  private final TenantTokens tokens;
  private volatile @Nullable HttpServer server;
  private @Nullable ExecutorService executor;

  /** Creates the receiver; binds nothing yet. */
  public OtlpHttpReceiver(Distributor distributor, int port) {
    this(distributor, port, TenantTokens.DISABLED);
  }

  /** Creates the receiver, checking bearer tokens with {@code tokens}; binds nothing yet. */
  public OtlpHttpReceiver(Distributor distributor, int port, TenantTokens tokens) {
    this.distributor = distributor;
    this.port = port;
    this.tokens = tokens;
  }

  @Override
  public synchronized void start() {
    ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(port), 0);
      s.createContext("/", new OtlpHttpHandler(distributor, tokens));
      s.setExecutor(exec);
      s.start();
      server = s;
      executor = exec;
    } catch (IOException e) {
      exec.shutdown();
      throw new UncheckedIOException("cannot bind the OTLP/HTTP receiver to port " + port, e);
    }
  }

  /** The bound port (useful when configured as 0); -1 before start. */
  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.getAddress().getPort();
  }

  @Override
  public CheckResult check() {
    return server != null
        ? CheckResult.OK
        : CheckResult.failed("OTLP/HTTP receiver is not listening");
  }

  @Override
  public synchronized void close() {
    HttpServer s = server;
    if (s != null) {
      // waits up to 5 s for exchanges in flight to finish
      s.stop(5);
      server = null;
    }
    if (executor != null) {
      executor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "OtlpHttpReceiver{port=" + (server == null ? port : port()) + "}";
  }
}
