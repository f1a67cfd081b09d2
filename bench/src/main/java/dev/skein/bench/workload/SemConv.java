package dev.skein.bench.workload;

import static dev.skein.bench.workload.Topology.kv;

import io.opentelemetry.proto.trace.v1.Span;

/**
 * Attributes as OpenTelemetry instrumentation sets them (semantic conventions, with the older
 * {@code db.system}/{@code db.statement} names many agents still emit), plus the application
 * attributes people search by. Values that identify a request (user, order, product, URL) are
 * high-cardinality on purpose.
 */
final class SemConv {

  private static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/18.0 Safari/605.1.15",
    "shop-android/5.3.1 okhttp/4.12.0"
  };

  private SemConv() {}

  /** An HTTP server span for {@code operation}, e.g. "GET /api/v1/products/{productId}". */
  static void httpServer(TraceContext c, SpanNode node, String operation, boolean entry) {
    String method = operation.substring(0, operation.indexOf(' '));
    String route = operation.substring(operation.indexOf(' ') + 1);
    Topology.Service s = Topology.service(node.service);
    Span.Builder b = node.span;
    b.addAttributes(kv("http.request.method", method))
        .addAttributes(kv("http.route", route))
        .addAttributes(kv("url.path", path(c, route)))
        .addAttributes(kv("url.scheme", entry ? "https" : "http"))
        .addAttributes(kv("http.response.status_code", 200L))
        .addAttributes(kv("server.address", entry ? "shop.example.com" : s.host()))
        .addAttributes(kv("network.protocol.version", entry ? "2" : "1.1"))
        .addAttributes(kv("client.address", clientAddress(c, entry)));
    if (entry) {
      b.addAttributes(kv("user_agent.original", AGENTS[c.rng.nextInt(AGENTS.length)]));
      b.addAttributes(kv("app.user.id", c.userId));
    } else {
      b.addAttributes(kv("server.port", 8080L));
    }
  }

  /** The client side of an HTTP call to {@code callee}'s {@code operation}. */
  static void httpClient(TraceContext c, SpanNode node, int callee, String operation) {
    String method = operation.substring(0, operation.indexOf(' '));
    String route = operation.substring(operation.indexOf(' ') + 1);
    Topology.Service s = Topology.service(callee);
    String query = route.contains("search") ? "?q=" + word(c) + "&page=" + c.rng.nextInt(1, 6) : "";
    node.span
        .addAttributes(kv("http.request.method", method))
        .addAttributes(kv("url.full", "http://" + s.host() + ":8080" + path(c, route) + query))
        .addAttributes(kv("server.address", s.host()))
        .addAttributes(kv("server.port", 8080L))
        .addAttributes(kv("http.response.status_code", 200L))
        .addAttributes(kv("network.protocol.version", "1.1"))
        .addAttributes(kv("network.peer.address", podAddress(c)))
        .addAttributes(kv("app.user.id", c.userId));
  }

  /** Either side of a gRPC call to {@code callee}'s {@code method}. */
  static void rpc(TraceContext c, SpanNode node, int callee, String method, boolean server) {
    Topology.Service s = Topology.service(callee);
    node.span
        .addAttributes(kv("rpc.system", "grpc"))
        .addAttributes(kv("rpc.service", s.rpcService()))
        .addAttributes(kv("rpc.method", method))
        .addAttributes(kv("rpc.grpc.status_code", 0L))
        .addAttributes(kv("network.transport", "tcp"))
        .addAttributes(kv("server.address", s.host()))
        .addAttributes(kv("server.port", 9090L))
        .addAttributes(kv("network.peer.address", podAddress(c)));
    if (server) {
      node.span.addAttributes(kv("app.user.id", c.userId));
    } else {
      node.span.addAttributes(kv("network.peer.port", 9090L));
    }
  }

  /** A SQL or MongoDB query of {@code service}'s database on {@code table}. */
  static void db(
      TraceContext c,
      SpanNode node,
      String system,
      String table,
      String operation,
      String statement) {
    Topology.Service s = Topology.service(node.service);
    String dbHost = s.name().replace("-service", "") + "-db-" + c.rng.nextInt(3) + ".shop.internal";
    node.span
        .addAttributes(kv("db.system", system))
        .addAttributes(kv("db.namespace", "shop"))
        .addAttributes(kv("db.operation.name", operation))
        .addAttributes(kv("db.collection.name", table))
        .addAttributes(kv("db.statement", statement))
        .addAttributes(kv("server.address", dbHost))
        .addAttributes(kv("server.port", system.equals("mysql") ? 3306L : 5432L))
        .addAttributes(kv("db.response.returned_rows", (long) c.rng.nextInt(0, 50)))
        .addAttributes(kv("thread.name", "http-nio-8080-exec-" + c.rng.nextInt(1, 200)))
        .addAttributes(kv("network.peer.address", podAddress(c)));
  }

  /** A Redis command. */
  static void redis(TraceContext c, SpanNode node, String command, String key) {
    node.span
        .addAttributes(kv("db.system", "redis"))
        .addAttributes(kv("db.operation.name", command))
        .addAttributes(kv("db.statement", command + " " + key))
        .addAttributes(kv("db.namespace", "0"))
        .addAttributes(kv("server.address", "redis-master.shop.internal"))
        .addAttributes(kv("thread.name", "lettuce-nioEventLoop-4-" + c.rng.nextInt(1, 9)))
        .addAttributes(kv("server.port", 6379L))
        .addAttributes(kv("network.peer.address", podAddress(c)));
  }

  /** A Kafka publish or process span. */
  static void messaging(TraceContext c, SpanNode node, String topic, boolean consumer) {
    node.span
        .addAttributes(kv("messaging.system", "kafka"))
        .addAttributes(kv("messaging.destination.name", topic))
        .addAttributes(kv("messaging.operation.type", consumer ? "process" : "publish"))
        .addAttributes(kv("messaging.operation.name", consumer ? "poll" : "send"))
        .addAttributes(kv("messaging.kafka.message.key", c.orderId))
        .addAttributes(kv("messaging.destination.partition.id", "" + c.rng.nextInt(12)))
        .addAttributes(
            kv(
                "messaging.client.id",
                Topology.service(node.service).name() + "-" + c.rng.nextInt(4)))
        .addAttributes(kv("server.address", "kafka-" + c.rng.nextInt(3) + ".shop.internal"))
        .addAttributes(kv("server.port", 9092L));
    if (consumer) {
      node.span
          .addAttributes(kv("messaging.consumer.group.name", "notification-workers"))
          .addAttributes(kv("messaging.kafka.offset", (long) c.rng.nextInt(1 << 30)));
    }
  }

  /** An in-process span of application code. */
  static void internal(TraceContext c, SpanNode node, String function) {
    node.span
        .addAttributes(kv("code.function.name", function))
        .addAttributes(
            kv(
                "code.file.path",
                "/app/src/" + Topology.service(node.service).name() + "/handlers.py"))
        .addAttributes(kv("code.line.number", (long) c.rng.nextInt(20, 900)))
        .addAttributes(kv("thread.name", "worker-" + c.rng.nextInt(1, 64)))
        .addAttributes(kv("app.order.id", c.orderId))
        .addAttributes(kv("app.cart.items", (long) c.rng.nextInt(1, 12)))
        .addAttributes(kv("app.order.total", Math.round(c.rng.nextDouble(5, 900) * 100) / 100.0));
  }

  /** Replaces (or adds) one attribute of {@code node}. */
  static void set(SpanNode node, String key, long value) {
    Span.Builder b = node.span;
    for (int i = 0; i < b.getAttributesCount(); i++) {
      if (b.getAttributes(i).getKey().equals(key)) {
        b.setAttributes(i, kv(key, value));
        return;
      }
    }
    b.addAttributes(kv(key, value));
  }

  static String path(TraceContext c, String route) {
    return route
        .replace("{productId}", Integer.toString(c.productId))
        .replace("{orderId}", c.orderId)
        .replace("{paymentId}", "pay_" + Long.toHexString(c.rng.nextLong() >>> 20));
  }

  static String word(TraceContext c) {
    String[] words = {"shoes", "red+dress", "laptop", "coffee", "usb-c+cable", "garden+chair"};
    return words[c.rng.nextInt(words.length)];
  }

  private static String clientAddress(TraceContext c, boolean entry) {
    return entry
        ? (c.rng.nextInt(1, 224)
            + "."
            + c.rng.nextInt(256)
            + "."
            + c.rng.nextInt(256)
            + "."
            + c.rng.nextInt(1, 255))
        : podAddress(c);
  }

  private static String podAddress(TraceContext c) {
    return "10.42." + c.rng.nextInt(16) + "." + c.rng.nextInt(2, 254);
  }
}
