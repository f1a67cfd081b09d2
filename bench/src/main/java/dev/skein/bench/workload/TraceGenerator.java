package dev.skein.bench.workload;

import static dev.skein.bench.workload.Topology.CART;
import static dev.skein.bench.workload.Topology.CATALOG;
import static dev.skein.bench.workload.Topology.CHECKOUT;
import static dev.skein.bench.workload.Topology.FRONTEND;
import static dev.skein.bench.workload.Topology.GATEWAY;
import static dev.skein.bench.workload.Topology.RECOMMENDATION;
import static dev.skein.bench.workload.Topology.SCOPE_APP;
import static dev.skein.bench.workload.Topology.SCOPE_DB;
import static dev.skein.bench.workload.Topology.SCOPE_GRPC;
import static dev.skein.bench.workload.Topology.SCOPE_HTTP;
import static dev.skein.bench.workload.Topology.SEARCH;
import static dev.skein.bench.workload.Topology.SEARCH_INDEX;
import static dev.skein.bench.workload.Topology.USER;
import static dev.skein.bench.workload.Topology.kv;

import dev.skein.bench.workload.GeneratedTrace.GeneratedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates trace {@code i} of a workload from the seed and {@code i} alone, so traces can be made
 * in any order, on any thread, with identical bytes. Thread-safe (stateless apart from config).
 */
public final class TraceGenerator {
  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;

  private final WorkloadConfig config;

  public TraceGenerator(WorkloadConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The random seed of one trace. Both inputs go through a 64-bit finalizer (MurmurHash3's fmix64,
   * a bijection): {@code seed * 0x9E3779B97F4A7C15 + index}, used before, is SplittableRandom's own
   * gamma, so the runs of neighbouring seeds drew shifted copies of the same random streams and
   * shared trace ids.
   */
  static long traceSeed(long seed, int index) {
    return fmix64(fmix64(seed) + index);
  }

  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Trace number {@code index} (0-based) of the workload. */
  public GeneratedTrace generate(int index) {
    SplittableRandom rng = new SplittableRandom(traceSeed(config.seed(), index));
    long start =
        config.startEpochNanos()
            + index * config.traceIntervalNanos()
            + rng.nextLong(config.traceIntervalNanos());
    TraceContext c = new TraceContext(rng, start, budget(rng));
    chooseShapes(c);

    List<String> ops = Topology.service(FRONTEND).operations();
    int opIndex = rng.nextInt(ops.size());
    SpanNode root = c.span(FRONTEND, SCOPE_HTTP, null, SpanKind.SPAN_KIND_SERVER, ops.get(opIndex));
    SemConv.httpServer(c, root, ops.get(opIndex), true);
    c.take(1);
    long end = frontend(c, root, start, opIndex);
    root.span.setStartTimeUnixNano(start).setEndTimeUnixNano(end);
    if (c.plant(Shape.ERROR)) {
      Errors.fail(c);
    }

    List<GeneratedSpan> spans = new ArrayList<>(c.nodes.size());
    for (SpanNode n : c.nodes) {
      spans.add(new GeneratedSpan(n.service, n.scope, n.span.build(), n.late));
    }
    return new GeneratedTrace(index, c.traceId, spans, c.chosen);
  }

  private int budget(SplittableRandom rng) {
    double v = config.medianSpansPerTrace() * Math.exp(0.6 * rng.nextGaussian());
    return (int) Math.max(5, Math.min(config.maxSpansPerTrace(), Math.round(v)));
  }

  private void chooseShapes(TraceContext c) {
    // Always draw all six numbers, so changing one ratio does not reshuffle the other shapes.
    double[] draws = new double[6];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = c.rng.nextDouble();
    }
    if (draws[0] < config.errorRatio()) c.choose(Shape.ERROR);
    if (draws[1] < config.nPlusOneRatio()) c.choose(Shape.N_PLUS_ONE);
    if (draws[2] < config.retryStormRatio()) c.choose(Shape.RETRY_STORM);
    if (draws[3] < config.slowFanOutRatio()) c.choose(Shape.SLOW_FAN_OUT);
    if (draws[4] < config.idleGapRatio()) c.choose(Shape.IDLE_GAP);
    if (draws[5] < config.lateSpansRatio()) c.choose(Shape.LATE_SPANS);
  }

  private long frontend(TraceContext c, SpanNode root, long start, int opIndex) {
    List<String> gatewayOps = Topology.service(GATEWAY).operations();
    String gatewayOp = gatewayOps.get(opIndex < gatewayOps.size() ? opIndex : 0);
    long cursor = start + c.micros(200, 3000);
    cursor = callService(c, root, GATEWAY, gatewayOp, cursor, 1);
    if (c.plant(Shape.IDLE_GAP)) {
      // The page polls the order status after the user came back from a payment provider.
      cursor += c.rng.nextLong(20, 180) * SECOND;
      cursor = callService(c, root, GATEWAY, gatewayOps.get(4), cursor, 1);
    }
    if (c.take(1)) {
      SpanNode render = c.span(FRONTEND, SCOPE_APP, root, SpanKind.SPAN_KIND_INTERNAL, "render");
      SemConv.internal(c, render, "renderPage");
      long end = cursor + c.micros(300, 8000);
      render.span.setStartTimeUnixNano(cursor).setEndTimeUnixNano(end);
      cursor = end;
    }
    return cursor + c.micros(100, 2000);
  }

  /** A call from {@code parent}'s service to {@code callee}: client span, server span, handler. */
  long callService(
      TraceContext c, SpanNode parent, int callee, String operation, long start, int depth) {
    long cursor = start;
    int resends = 0;
    if (c.plant(Shape.RETRY_STORM)) {
      resends = c.rng.nextInt(3, 9);
      cursor = Calls.failedAttempts(c, parent, callee, operation, cursor, resends);
    }
    SpanNode client = Calls.client(c, parent, callee, operation);
    if (resends > 0) {
      client.span.addAttributes(kv("http.request.resend_count", (long) resends));
    }
    long serverStart = cursor + c.micros(100, 600);
    SpanNode server = Calls.server(c, client, callee, operation);
    long serverEnd = handle(c, callee, server, operation, serverStart, depth);
    server.span.setStartTimeUnixNano(serverStart).setEndTimeUnixNano(serverEnd);
    long end = serverEnd + c.micros(100, 600);
    client.span.setStartTimeUnixNano(cursor).setEndTimeUnixNano(end);
    return end;
  }

  private long handle(
      TraceContext c, int service, SpanNode server, String operation, long start, int depth) {
    return switch (service) {
      case GATEWAY -> gateway(c, server, operation, start);
      case SEARCH -> search(c, server, start, depth);
      case SEARCH_INDEX -> start + c.micros(2000, 15000);
      default -> generic(c, service, server, start, depth);
    };
  }

  private long gateway(TraceContext c, SpanNode server, String operation, long start) {
    long cursor = start + c.micros(50, 500);
    if (c.take(1)) {
      cursor = Calls.redis(c, server, "GET", "session:" + c.userId, cursor);
    }
    if (c.rng.nextBoolean() && c.take(2)) {
      cursor = callService(c, server, USER, "ValidateSession", cursor, 2);
    }
    int target;
    String method;
    if (operation.contains("products")) {
      target = CATALOG;
      method = "GetProduct";
    } else if (operation.contains("search")) {
      target = SEARCH;
      method = "GET /v1/search";
    } else if (operation.contains("cart")) {
      target = CART;
      method = "AddItem";
    } else {
      target = CHECKOUT;
      method = operation.startsWith("POST") ? "PlaceOrder" : "GetOrder";
    }
    cursor = callService(c, server, target, method, cursor, 2);
    if (c.pending.contains(Shape.SLOW_FAN_OUT)) {
      cursor = callService(c, server, SEARCH, "GET /v1/suggest", cursor, 2);
    }
    if (c.pending.contains(Shape.N_PLUS_ONE)) {
      cursor = callService(c, server, USER, "GetAddresses", cursor, 2);
    }
    if (target == CATALOG && c.take(2)) {
      cursor = callService(c, server, RECOMMENDATION, "Recommend", cursor, 2);
    }
    if (c.plant(Shape.LATE_SPANS)) {
      cursor = Calls.publish(c, server, "requests.audit", cursor, true);
    }
    return cursor + c.micros(50, 400);
  }

  private long search(TraceContext c, SpanNode server, long start, int depth) {
    long cursor = start + c.micros(100, 800);
    boolean slow = c.plant(Shape.SLOW_FAN_OUT);
    int shards = slow ? c.rng.nextInt(6, 13) : c.rng.nextInt(2, 5);
    int slowShard = c.rng.nextInt(shards);
    long groupEnd = cursor;
    for (int i = 0; i < shards; i++) {
      if (i >= 2 && !slow && !c.take(2)) {
        break;
      }
      long serverMicros =
          slow && i == slowShard ? c.rng.nextLong(300_000, 1_500_000) : c.rng.nextLong(2000, 15000);
      long end = Calls.shard(c, server, i, cursor + c.micros(10, 200), serverMicros * 1000);
      groupEnd = Math.max(groupEnd, end);
    }
    cursor = groupEnd + c.micros(50, 300);
    return generic(c, SEARCH, server, cursor, depth);
  }

  private long generic(TraceContext c, int service, SpanNode server, long start, int depth) {
    Topology.Service s = Topology.service(service);
    long cursor = start + c.micros(100, 1500);
    if (s.cache() && c.rng.nextBoolean() && c.take(1)) {
      cursor = Calls.redis(c, server, "GET", cacheKey(c, s), cursor);
    }
    if (s.dbSystem() != null) {
      if (c.plant(Shape.N_PLUS_ONE)) {
        cursor = Calls.nPlusOne(c, server, cursor);
      }
      int queries = c.rng.nextInt(1, 4);
      for (int q = 0; q < queries && c.take(1); q++) {
        cursor = Calls.query(c, server, cursor) + c.micros(20, 300);
      }
    }
    if (depth <= config.maxDepth() && !s.downstream().isEmpty()) {
      cursor = downstream(c, s, server, cursor, depth);
    }
    if (s.topic() != null) {
      boolean late = c.plant(Shape.LATE_SPANS);
      if (late || c.take(1)) {
        cursor = Calls.publish(c, server, s.topic(), cursor, late);
      }
    }
    if (c.rng.nextInt(3) == 0 && c.take(1)) {
      SpanNode work = c.span(service, SCOPE_APP, server, SpanKind.SPAN_KIND_INTERNAL, "process");
      SemConv.internal(c, work, "handle" + s.operations().get(0).replaceAll("[^A-Za-z]", ""));
      long end = cursor + c.micros(50, 5000);
      work.span.setStartTimeUnixNano(cursor).setEndTimeUnixNano(end);
      cursor = end;
    }
    return cursor + c.micros(100, 1500);
  }

  private long downstream(
      TraceContext c, Topology.Service s, SpanNode server, long start, int depth) {
    List<Integer> candidates = new ArrayList<>(s.downstream());
    int k = Math.min(c.rng.nextInt(1, config.maxFanOut() + 1), candidates.size());
    boolean parallel = k > 1 && c.rng.nextInt(4) == 0;
    long cursor = start;
    long groupEnd = start;
    for (int i = 0; i < k && c.take(2); i++) {
      int callee = candidates.remove(c.rng.nextInt(candidates.size()));
      String op = c.pick(Topology.service(callee).operations());
      if (parallel) {
        long end = callService(c, server, callee, op, start + c.micros(10, 300), depth + 1);
        groupEnd = Math.max(groupEnd, end);
      } else {
        cursor = callService(c, server, callee, op, cursor, depth + 1) + c.micros(20, 200);
        groupEnd = cursor;
      }
    }
    return groupEnd;
  }

  private static String cacheKey(TraceContext c, Topology.Service s) {
    return switch (s.name()) {
      case "catalog-service" -> "product:" + c.productId;
      case "cart-service" -> "cart:" + c.userId;
      case "inventory-service" -> "stock:" + c.productId;
      default -> s.name().substring(0, s.name().indexOf('-')) + ":" + c.userId;
    };
  }

  static boolean isGrpc(int service) {
    return Topology.service(service).grpc();
  }

  static int scopeFor(int service) {
    return isGrpc(service) ? SCOPE_GRPC : SCOPE_HTTP;
  }

  static int dbScope() {
    return SCOPE_DB;
  }
}
