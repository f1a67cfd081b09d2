package dev.skein.bench.cli;

import dev.skein.bench.ceiling.CompressionCeiling;
import dev.skein.bench.ceiling.DecodeCeiling;
import dev.skein.bench.report.Report;
import java.time.Duration;

/** Measures the decode and compression ceilings of a prepared workload into a report. */
final class Ceilings {

  private Ceilings() {}

  static void report(Report r, PreparedWorkload w, Duration decodeTime) {
    String s = "ceilings";
    DecodeCeiling.Result d = DecodeCeiling.measure(w.protobufBodies, decodeTime);
    r.add(s, "protobuf decode (parseFrom)", d.parseSpansPerCpuSecond(), "spans/CPU-s");
    r.add(s, "decode + split by trace id", d.splitSpansPerCpuSecond(), "spans/CPU-s");
    r.add(s, "protobuf decode, wall clock", d.parseSpansPerWallSecond(), "spans/s (1 thread)");
    r.add(s, "decode + split, wall clock", d.splitSpansPerWallSecond(), "spans/s (1 thread)");
    CompressionCeiling.Result c = CompressionCeiling.measure(w.protobufBodies, w.spans);
    r.add(s, "OTLP protobuf, raw", c.raw(), "bytes/span");
    r.add(s, "zstd-3, one stream", c.zstd3Stream(), "bytes/span");
    r.add(s, "zstd-3, per request", c.zstd3PerRequest(), "bytes/span");
    r.add(s, "gzip-6, one stream", c.gzip6Stream(), "bytes/span");
  }
}
