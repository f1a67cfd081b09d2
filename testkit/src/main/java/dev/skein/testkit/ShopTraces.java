package dev.skein.testkit;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic web-shop workload, the one REFERENCE.md §0 measures: 10 services, about 20 spans per
 * trace, about 9 attributes per span (http, db, rpc semantic conventions plus a few
 * high-cardinality ids), server/client pairs across services, ~3% errors. Deterministic for a seed.
 * Not thread-safe.
 */
public final class ShopTraces {

  private static final String[] SERVICES = {
    "frontend", "cart", "checkout", "payment", "shipping",
    "email", "currency", "recommendation", "ad", "product-catalog"
  };
  private static final String[] ROUTES = {
    "/",
    "/cart",
    "/cart/checkout",
    "/product/{id}",
    "/api/recommendations",
    "/api/ads",
    "/setCurrency",
    "/login"
  };
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT"};
  private static final String[] TABLES = {"products", "carts", "orders", "users", "stock"};

  private final Random random;
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private long clock = 1_764_000_000_000_000_000L;

  /** A generator for {@code seed}. */
  public ShopTraces(long seed) {
    this.random = new Random(seed);
    for (String s : SERVICES) {
      for (int pod = 0; pod < 3; pod++) {
        resources.put(
            s + pod,
            Resource.newBuilder()
                .addAttributes(str("service.name", s))
                .addAttributes(str("service.version", "1." + (s.length() % 4) + ".0"))
                .addAttributes(str("deployment.environment.name", "prod"))
                .addAttributes(str("k8s.namespace.name", "shop"))
                .addAttributes(str("k8s.pod.name", s + "-7f9c" + pod + "-x" + (pod * 7)))
                .addAttributes(str("host.name", "node-" + (s.hashCode() + pod & 7)))
                .addAttributes(str("telemetry.sdk.language", s.length() % 2 == 0 ? "java" : "go"))
                .build());
      }
    }
  }

  /** {@code count} traces sorted by id. */
  public List<Trace> traces(int count) {
    List<Trace> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    out.sort(Comparator.comparing(Trace::traceId));
    return out;
  }

  /** One trace of 5 to 35 spans (about 20 on average) with a random id. */
  public Trace next() {
    return next(new TraceId(random.nextLong(), random.nextLong()));
  }

  /** One trace of 5 to 35 spans (about 20 on average) with the given id. */
  public Trace next(TraceId id) {
    clock += 1_000_000 + random.nextInt(5_000_000);
    Map<Resource, List<Span>> byResource = new LinkedHashMap<>();
    int target = 5 + random.nextInt(31);
    long start = clock;
    ByteString root = spanId();
    String route = pick(ROUTES);
    add(byResource, "frontend", serverSpan(id, root, ByteString.EMPTY, start, 40_000_000, route));
    int made = 1;
    while (made < target) {
      String svc = SERVICES[1 + random.nextInt(SERVICES.length - 1)];
      long s = start + random.nextInt(30_000_000);
      ByteString client = spanId();
      ByteString server = spanId();
      add(byResource, "frontend", clientSpan(id, client, root, s, svc));
      add(byResource, svc, rpcServerSpan(id, server, client, s + 200_000, svc));
      made += 2;
      if (made < target && random.nextBoolean()) {
        add(byResource, svc, dbSpan(id, spanId(), server, s + 400_000));
        made++;
      }
    }
    List<ResourceSpans> rs = new ArrayList<>();
    byResource.forEach(
        (r, spans) ->
            rs.add(
                ResourceSpans.newBuilder()
                    .setResource(r)
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.opentelemetry.instrumentation")
                                    .setVersion("2.10.0"))
                            .addAllSpans(spans))
                    .build()));
    return new Trace(id, rs);
  }

  private void add(Map<Resource, List<Span>> by, String service, Span span) {
    Resource r = resources.get(service + random.nextInt(3));
    by.computeIfAbsent(r, k -> new ArrayList<>()).add(span);
  }

  private Span serverSpan(
      TraceId id, ByteString spanId, ByteString parent, long start, int maxDur, String route) {
    String method = pick(METHODS);
    int status = random.nextInt(100) < 3 ? 500 : 200;
    return base(
            id,
            spanId,
            parent,
            method + " " + route,
            Span.SpanKind.SPAN_KIND_SERVER,
            start,
            maxDur,
            status >= 500)
        .addAttributes(str("http.request.method", method))
        .addAttributes(str("http.route", route))
        .addAttributes(integer("http.response.status_code", status))
        .addAttributes(
            str("url.path", route.replace("{id}", Integer.toString(random.nextInt(500)))))
        .addAttributes(str("url.scheme", "https"))
        .addAttributes(str("server.address", "shop.example.com"))
        .addAttributes(
            str("client.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256)))
        .addAttributes(
            str(
                "user_agent.original",
                "Mozilla/5.0 (X11; Linux x86_64) shop-bot/" + random.nextInt(20)))
        .addAttributes(str("session.id", Long.toHexString(random.nextLong())))
        .build();
  }

  private Span clientSpan(
      TraceId id, ByteString spanId, ByteString parent, long start, String svc) {
    return base(
            id,
            spanId,
            parent,
            "grpc " + svc + "/Call",
            Span.SpanKind.SPAN_KIND_CLIENT,
            start,
            5_000_000,
            false)
        .addAttributes(str("rpc.system", "grpc"))
        .addAttributes(str("rpc.service", "shop." + svc))
        .addAttributes(
            str("rpc.method", "Get" + svc.substring(0, 1).toUpperCase() + svc.substring(1)))
        .addAttributes(str("server.address", svc))
        .addAttributes(integer("server.port", 8080))
        .addAttributes(integer("rpc.grpc.status_code", 0))
        .addAttributes(str("network.transport", "tcp"))
        .addAttributes(
            str("network.peer.address", "10.1." + random.nextInt(16) + "." + random.nextInt(256)))
        .addAttributes(integer("messaging.message.body.size", random.nextInt(4096)))
        .build();
  }

  private Span rpcServerSpan(
      TraceId id, ByteString spanId, ByteString parent, long start, String svc) {
    boolean error = random.nextInt(100) < 3;
    Span.Builder b =
        base(
                id,
                spanId,
                parent,
                "shop." + svc + "/Get",
                Span.SpanKind.SPAN_KIND_SERVER,
                start,
                4_000_000,
                error)
            .addAttributes(str("rpc.system", "grpc"))
            .addAttributes(str("rpc.service", "shop." + svc))
            .addAttributes(str("rpc.method", "Get"))
            .addAttributes(integer("rpc.grpc.status_code", error ? 13 : 0))
            .addAttributes(str("app.request.id", Long.toHexString(random.nextLong())))
            .addAttributes(integer("app.items", random.nextInt(20)))
            .addAttributes(bool("app.cache.hit", random.nextBoolean()))
            .addAttributes(
                str(
                    "network.peer.address",
                    "10.1." + random.nextInt(16) + "." + random.nextInt(256)))
            .addAttributes(str("thread.name", "grpc-default-executor-" + random.nextInt(8)));
    if (error) {
      b.addEvents(
          Span.Event.newBuilder()
              .setName("exception")
              .setTimeUnixNano(start + 100_000)
              .addAttributes(str("exception.type", "java.lang.IllegalStateException"))
              .addAttributes(str("exception.message", "upstream unavailable")));
    }
    return b.build();
  }

  private Span dbSpan(TraceId id, ByteString spanId, ByteString parent, long start) {
    String table = pick(TABLES);
    return base(
            id,
            spanId,
            parent,
            "SELECT shop." + table,
            Span.SpanKind.SPAN_KIND_CLIENT,
            start,
            2_000_000,
            false)
        .addAttributes(str("db.system", "postgresql"))
        .addAttributes(str("db.namespace", "shop"))
        .addAttributes(str("db.operation.name", "SELECT"))
        .addAttributes(str("db.collection.name", table))
        .addAttributes(str("db.query.text", "SELECT * FROM " + table + " WHERE id = $1"))
        .addAttributes(str("server.address", "postgres.shop.svc"))
        .addAttributes(integer("server.port", 5432))
        .addAttributes(integer("db.response.returned_rows", random.nextInt(50)))
        .addAttributes(str("network.peer.address", "10.2.0." + random.nextInt(4)))
        .build();
  }

  private Span.Builder base(
      TraceId id,
      ByteString spanId,
      ByteString parent,
      String name,
      Span.SpanKind kind,
      long start,
      int maxDur,
      boolean error) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(spanId)
            .setParentSpanId(parent)
            .setName(name)
            .setKind(kind)
            .setFlags(0x101)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + 10_000 + random.nextInt(maxDur));
    if (error) {
      b.setStatus(
          Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("failed"));
    }
    return b;
  }

  private ByteString spanId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue integer(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setBoolValue(v)).build();
  }
}
