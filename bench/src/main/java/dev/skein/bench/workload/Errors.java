package dev.skein.bench.workload;

import static dev.skein.bench.workload.Topology.kv;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Plants an error: a random leaf span fails with an exception event, and every ancestor up to the
 * root reports the failure (500 / INTERNAL), as an unhandled error does.
 */
final class Errors {

  private record Failure(String type, String message, String frame) {}

  private static final Failure[] DB = {
    new Failure(
        "org.postgresql.util.PSQLException",
        "ERROR: canceling statement due to statement timeout",
        "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)"),
    new Failure(
        "org.postgresql.util.PSQLException",
        "ERROR: deadlock detected",
        "org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:497)")
  };
  private static final Failure[] CALL = {
    new Failure(
        "java.net.SocketTimeoutException",
        "Read timed out",
        "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)"),
    new Failure(
        "io.grpc.StatusRuntimeException",
        "DEADLINE_EXCEEDED: deadline exceeded after 1.999s",
        "io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)")
  };
  private static final Failure[] APP = {
    new Failure(
        "java.lang.IllegalStateException",
        "insufficient stock for product",
        "shop.inventory.StockService.reserve(StockService.java:118)"),
    new Failure(
        "java.lang.NullPointerException",
        "Cannot invoke \"Address.country()\" because \"address\" is null",
        "shop.checkout.ShippingQuote.of(ShippingQuote.java:42)")
  };

  private Errors() {}

  static void fail(TraceContext c) {
    List<SpanNode> leaves = new ArrayList<>();
    for (SpanNode n : c.nodes) {
      if (n.children == 0 && n.parent != null && !n.late) {
        leaves.add(n);
      }
    }
    if (leaves.isEmpty()) {
      leaves.add(c.nodes.get(0));
    }
    SpanNode leaf = c.pick(leaves);
    Failure[] pool =
        switch (leaf.scope) {
          case Topology.SCOPE_DB -> DB;
          case Topology.SCOPE_APP -> APP;
          default -> CALL;
        };
    Failure f = pool[c.rng.nextInt(pool.length)];
    Span.Builder b = leaf.span;
    b.addEvents(
        Span.Event.newBuilder()
            .setName("exception")
            .setTimeUnixNano(b.getEndTimeUnixNano() - 1000)
            .addAttributes(kv("exception.type", f.type()))
            .addAttributes(kv("exception.message", f.message()))
            .addAttributes(kv("exception.stacktrace", stacktrace(f))));
    for (SpanNode n = leaf; n != null; n = n.parent) {
      markFailed(n, f);
    }
  }

  private static void markFailed(SpanNode n, Failure f) {
    Span.Builder b = n.span;
    boolean http = false;
    boolean rpc = false;
    for (int i = 0; i < b.getAttributesCount(); i++) {
      String key = b.getAttributes(i).getKey();
      http |= key.equals("http.response.status_code");
      rpc |= key.equals("rpc.grpc.status_code");
    }
    if (http) {
      SemConv.set(n, "http.response.status_code", 500);
    }
    if (rpc) {
      SemConv.set(n, "rpc.grpc.status_code", 13);
    }
    b.addAttributes(kv("error.type", http ? "500" : f.type()));
    b.setStatus(
        Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(f.message()));
  }

  private static String stacktrace(Failure f) {
    return f.type()
        + ": "
        + f.message()
        + "\n\tat "
        + f.frame()
        + "\n\tat shop.common.Handlers.invoke(Handlers.java:77)"
        + "\n\tat io.grpc.internal.ServerImpl$JumpToApplicationThreadServerStreamListener"
        + "$1StreamCreated.runInContext(ServerImpl.java:836)"
        + "\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)"
        + "\n\tat java.base/java.lang.Thread.run(Thread.java:1583)";
  }
}
