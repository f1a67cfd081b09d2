package dev.skein.bench.cli;

import dev.skein.bench.report.Report;
import dev.skein.bench.send.OtlpJsonEncoder;
import dev.skein.bench.send.Payload;
import dev.skein.bench.send.Protocol;
import dev.skein.bench.workload.Batch;
import dev.skein.bench.workload.GeneratedTrace;
import dev.skein.bench.workload.Shape;
import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole workload generated and encoded before anything is measured, with its statistics. Holds
 * every request body in memory: about 450 bytes per span for protobuf, three times that for JSON.
 */
final class PreparedWorkload {
  final WorkloadConfig config;
  final List<Payload> payloads = new ArrayList<>();
  final List<byte[]> protobufBodies = new ArrayList<>();
  final Map<Shape, Integer> shapes = new EnumMap<>(Shape.class);
  long spans;
  long attributes;
  long lateSpans;
  long protobufBytes;
  long jsonBytes;
  long generateNanos;
  String sampleUserId = "u-0";

  private PreparedWorkload(WorkloadConfig config) {
    this.config = config;
  }

  /**
   * Generates and encodes the workload for {@code protocol}; with {@code measureJson} it also
   * encodes every batch as OTLP/JSON to report its size.
   */
  static PreparedWorkload prepare(WorkloadConfig config, Protocol protocol, boolean measureJson) {
    PreparedWorkload p = new PreparedWorkload(config);
    long t0 = System.nanoTime();
    Workload w = new Workload(config, p::observe);
    while (w.hasNext()) {
      Batch b = w.next();
      byte[] proto = b.request().toByteArray();
      p.protobufBodies.add(proto);
      p.protobufBytes += proto.length;
      byte[] body = protocol == Protocol.HTTP_JSON ? OtlpJsonEncoder.encode(b.request()) : proto;
      if (protocol == Protocol.HTTP_JSON || measureJson) {
        p.jsonBytes +=
            protocol == Protocol.HTTP_JSON
                ? body.length
                : OtlpJsonEncoder.encode(b.request()).length;
      }
      p.payloads.add(new Payload(b.sequence(), body, b.slices(), b.spanCount()));
    }
    p.generateNanos = System.nanoTime() - t0;
    return p;
  }

  private void observe(GeneratedTrace t) {
    spans += t.spans().size();
    for (GeneratedTrace.GeneratedSpan s : t.spans()) {
      attributes += s.span().getAttributesCount();
      if (s.late()) {
        lateSpans++;
      }
    }
    for (Shape s : t.shapes()) {
      shapes.merge(s, 1, Integer::sum);
    }
    if (t.index() == 0) {
      for (KeyValue kv : t.spans().get(0).span().getAttributesList()) {
        if (kv.getKey().equals("app.user.id")) {
          sampleUserId = kv.getValue().getStringValue();
        }
      }
    }
  }

  /** Adds the workload section to {@code report}. */
  void report(Report r) {
    String s = "workload";
    r.add(s, "traces", (long) config.traces(), "");
    r.add(s, "spans", spans, "");
    r.add(s, "spans per trace", (double) spans / config.traces(), "");
    r.add(s, "attributes per span", (double) attributes / spans, "");
    r.add(s, "requests", (long) payloads.size(), "of " + config.spansPerBatch() + " spans");
    r.add(s, "OTLP protobuf size", (double) protobufBytes / spans, "bytes/span");
    if (jsonBytes > 0) {
      r.add(s, "OTLP JSON size", (double) jsonBytes / spans, "bytes/span");
    }
    r.add(s, "late spans", lateSpans, "");
    for (Shape shape : Shape.values()) {
      r.add(
          s,
          "traces with " + shape.name().toLowerCase(java.util.Locale.ROOT),
          (long) shapes.getOrDefault(shape, 0),
          "");
    }
    r.add(s, "generate + encode speed", spans * 1e9 / generateNanos, "spans/s (1 thread)");
    r.addJsonOnly(s, "seed", config.seed());
    r.addJsonOnly(s, "config", config.toString());
  }
}
