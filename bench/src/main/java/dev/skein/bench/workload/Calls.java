package dev.skein.bench.workload;

import static dev.skein.bench.workload.Topology.NOTIFICATION;
import static dev.skein.bench.workload.Topology.SCOPE_DB;
import static dev.skein.bench.workload.Topology.SCOPE_GRPC;
import static dev.skein.bench.workload.Topology.SCOPE_HTTP;
import static dev.skein.bench.workload.Topology.SCOPE_MESSAGING;
import static dev.skein.bench.workload.Topology.SEARCH_INDEX;
import static dev.skein.bench.workload.Topology.kv;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;

/** The leaf-level building blocks of a trace: one call, query or message each. */
final class Calls {

  private Calls() {}

  /** The caller's span of a call to {@code callee}; times are set by the caller. */
  static SpanNode client(TraceContext c, SpanNode parent, int callee, String operation) {
    Topology.Service s = Topology.service(callee);
    if (s.grpc()) {
      SpanNode n =
          c.span(
              parent.service,
              SCOPE_GRPC,
              parent,
              SpanKind.SPAN_KIND_CLIENT,
              s.rpcService() + "/" + operation);
      SemConv.rpc(c, n, callee, operation, false);
      return n;
    }
    SpanNode n =
        c.span(
            parent.service,
            SCOPE_HTTP,
            parent,
            SpanKind.SPAN_KIND_CLIENT,
            operation.substring(0, operation.indexOf(' ')));
    SemConv.httpClient(c, n, callee, operation);
    return n;
  }

  /** The callee's span of a call; times are set by the caller. */
  static SpanNode server(TraceContext c, SpanNode client, int callee, String operation) {
    Topology.Service s = Topology.service(callee);
    if (s.grpc()) {
      SpanNode n =
          c.span(
              callee,
              SCOPE_GRPC,
              client,
              SpanKind.SPAN_KIND_SERVER,
              s.rpcService() + "/" + operation);
      SemConv.rpc(c, n, callee, operation, true);
      return n;
    }
    SpanNode n = c.span(callee, SCOPE_HTTP, client, SpanKind.SPAN_KIND_SERVER, operation);
    SemConv.httpServer(c, n, operation, false);
    return n;
  }

  /** {@code attempts} calls that fail with 503/UNAVAILABLE, with exponential backoff between. */
  static long failedAttempts(
      TraceContext c, SpanNode parent, int callee, String operation, long start, int attempts) {
    boolean grpc = Topology.service(callee).grpc();
    long cursor = start;
    for (int i = 0; i < attempts; i++) {
      SpanNode client = client(c, parent, callee, operation);
      SpanNode server = server(c, client, callee, operation);
      for (SpanNode n : new SpanNode[] {client, server}) {
        if (grpc) {
          SemConv.set(n, "rpc.grpc.status_code", 14);
          n.span.addAttributes(kv("error.type", "UNAVAILABLE"));
        } else {
          SemConv.set(n, "http.response.status_code", 503);
          n.span.addAttributes(kv("error.type", "503"));
        }
        n.span.setStatus(
            Status.newBuilder()
                .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                .setMessage(grpc ? "UNAVAILABLE: upstream connect error" : "Service Unavailable"));
      }
      if (i > 0 && !grpc) {
        client.span.addAttributes(kv("http.request.resend_count", (long) i));
      }
      long serverStart = cursor + c.micros(100, 500);
      long serverEnd = serverStart + c.micros(200, 2000);
      server.span.setStartTimeUnixNano(serverStart).setEndTimeUnixNano(serverEnd);
      long end = serverEnd + c.micros(100, 500);
      client.span.setStartTimeUnixNano(cursor).setEndTimeUnixNano(end);
      long backoffMicros = Math.min(3_000_000L, 50_000L << i);
      cursor = end + backoffMicros * 1000 + c.micros(0, 20_000);
    }
    return cursor;
  }

  /** One parallel call to a search-index shard taking {@code serverNanos}; returns its end. */
  static long shard(TraceContext c, SpanNode parent, int shard, long start, long serverNanos) {
    SpanNode client = client(c, parent, SEARCH_INDEX, "Query");
    client.span.addAttributes(kv("app.shard.id", (long) shard));
    SpanNode server = server(c, client, SEARCH_INDEX, "Query");
    server.span.addAttributes(kv("app.shard.id", (long) shard));
    long serverStart = start + c.micros(100, 400);
    long serverEnd = serverStart + serverNanos;
    server.span.setStartTimeUnixNano(serverStart).setEndTimeUnixNano(serverEnd);
    long end = serverEnd + c.micros(100, 400);
    client.span.setStartTimeUnixNano(start).setEndTimeUnixNano(end);
    return end;
  }

  static long redis(TraceContext c, SpanNode parent, String command, String key, long start) {
    SpanNode n = c.span(parent.service, SCOPE_DB, parent, SpanKind.SPAN_KIND_CLIENT, command);
    SemConv.redis(c, n, command, key);
    long end = start + c.micros(150, 1200);
    n.span.setStartTimeUnixNano(start).setEndTimeUnixNano(end);
    return end;
  }

  /** One query on the parent service's own database. */
  static long query(TraceContext c, SpanNode parent, long start) {
    Topology.Service s = Topology.service(parent.service);
    String system = s.dbSystem() == null ? "postgresql" : s.dbSystem();
    String table = c.pick(s.tables());
    String op;
    String statement;
    if (system.equals("mongodb")) {
      op = c.rng.nextInt(4) == 0 ? "insert" : "find";
      statement =
          "{\""
              + op
              + "\":\""
              + table
              + "\",\"filter\":{\"orderId\":\"?\"},\"limit\":"
              + c.rng.nextInt(1, 50)
              + "}";
    } else {
      switch (c.rng.nextInt(6)) {
        case 0 -> {
          op = "INSERT";
          statement =
              "INSERT INTO "
                  + table
                  + " (id, user_id, status, amount_cents, created_at) VALUES (?, ?, ?, ?, now())";
        }
        case 1 -> {
          op = "UPDATE";
          statement =
              "UPDATE "
                  + table
                  + " SET status = ?, updated_at = now() WHERE id = ? AND version = ?";
        }
        case 2 -> {
          // Some drivers do not sanitize: literal values make statements high-cardinality.
          op = "SELECT";
          statement =
              "SELECT * FROM " + table + " WHERE user_id = '" + c.userId + "' ORDER BY id LIMIT 20";
        }
        default -> {
          op = "SELECT";
          statement =
              "SELECT id, name, status, amount_cents, updated_at FROM "
                  + table
                  + " WHERE id = ? AND tenant_id = ?";
        }
      }
    }
    return dbSpan(c, parent, system, table, op, statement, start, c.micros(300, 6000));
  }

  /** A list query followed by one identical query per row: the N+1 comb. */
  static long nPlusOne(TraceContext c, SpanNode parent, long start) {
    Topology.Service s = Topology.service(parent.service);
    String system = s.dbSystem() == null ? "postgresql" : s.dbSystem();
    String list = s.tables().get(0);
    String row = s.tables().get(Math.min(1, s.tables().size() - 1));
    long cursor =
        dbSpan(
            c,
            parent,
            system,
            list,
            "SELECT",
            "SELECT id FROM " + list + " WHERE user_id = ? ORDER BY created_at DESC",
            start,
            c.micros(500, 3000));
    int rows = c.rng.nextInt(10, 41);
    for (int i = 0; i < rows; i++) {
      cursor =
          dbSpan(
              c,
              parent,
              system,
              row,
              "SELECT",
              "SELECT id, sku, name, price_cents, currency FROM " + row + " WHERE id = ?",
              cursor + c.micros(30, 200),
              c.micros(200, 1500));
    }
    return cursor;
  }

  /**
   * A Kafka publish; when {@code late}, a consumer in the notification service processes it minutes
   * after the trace started, and those spans are marked late.
   */
  static long publish(TraceContext c, SpanNode parent, String topic, long start, boolean late) {
    SpanNode producer =
        c.span(
            parent.service,
            SCOPE_MESSAGING,
            parent,
            SpanKind.SPAN_KIND_PRODUCER,
            topic + " publish");
    SemConv.messaging(c, producer, topic, false);
    long end = start + c.micros(200, 3000);
    producer.span.setStartTimeUnixNano(start).setEndTimeUnixNano(end);
    if (late) {
      long consumerStart =
          c.startNanos + c.rng.nextLong(2, 6) * TraceGenerator.MINUTE + c.micros(0, 59_000_000);
      SpanNode consumer =
          c.span(
              NOTIFICATION,
              SCOPE_MESSAGING,
              producer,
              SpanKind.SPAN_KIND_CONSUMER,
              topic + " process",
              true);
      SemConv.messaging(c, consumer, topic, true);
      long cursor = consumerStart + c.micros(100, 1000);
      cursor =
          dbSpan(
              c,
              consumer,
              "postgresql",
              "notifications",
              "INSERT",
              "INSERT INTO notifications (id, user_id, kind, payload) VALUES (?, ?, ?, ?)",
              cursor,
              c.micros(500, 4000));
      SpanNode mail =
          c.span(NOTIFICATION, SCOPE_HTTP, consumer, SpanKind.SPAN_KIND_CLIENT, "POST", true);
      mail.span
          .addAttributes(kv("http.request.method", "POST"))
          .addAttributes(kv("url.full", "https://api.mailer.example/v3/mail/send"))
          .addAttributes(kv("server.address", "api.mailer.example"))
          .addAttributes(kv("server.port", 443L))
          .addAttributes(kv("http.response.status_code", 202L))
          .addAttributes(kv("network.protocol.version", "2"))
          .addAttributes(kv("app.user.id", c.userId));
      long mailEnd = cursor + c.micros(20_000, 300_000);
      mail.span.setStartTimeUnixNano(cursor).setEndTimeUnixNano(mailEnd);
      consumer
          .span
          .setStartTimeUnixNano(consumerStart)
          .setEndTimeUnixNano(mailEnd + c.micros(50, 500));
    }
    return end;
  }

  private static long dbSpan(
      TraceContext c,
      SpanNode parent,
      String system,
      String table,
      String op,
      String statement,
      long start,
      long duration) {
    SpanNode n =
        c.span(parent.service, SCOPE_DB, parent, SpanKind.SPAN_KIND_CLIENT, op + " shop." + table);
    SemConv.db(c, n, system, table, op, statement);
    n.span.setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration);
    return start + duration;
  }
}
