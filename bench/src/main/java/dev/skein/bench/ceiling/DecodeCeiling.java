package dev.skein.bench.ceiling;

import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast one core merely parses the exported request bytes ({@code parseFrom}), and parses and
 * groups spans by trace id, the least any OTLP receiver must do. Single-threaded, so the result is
 * per core.
 */
public final class DecodeCeiling {

  /**
   * Rates per second of this thread's CPU time (robust on a machine shared with other work) and per
   * second of wall time (what an idle core would give only if nothing else ran).
   *
   * @param parseSpansPerCpuSecond spans per CPU-second of {@code
   *     ExportTraceServiceRequest.parseFrom}
   * @param splitSpansPerCpuSecond spans per CPU-second of parse and group by {@link TraceId}
   * @param parseSpansPerWallSecond the same as the first, per wall-clock second
   * @param splitSpansPerWallSecond the same as the second, per wall-clock second
   */
  public record Result(
      double parseSpansPerCpuSecond,
      double splitSpansPerCpuSecond,
      double parseSpansPerWallSecond,
      double splitSpansPerWallSecond) {}

  private record Rate(double perCpuSecond, double perWallSecond) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private DecodeCeiling() {}

  /**
   * Measures for about {@code duration} per mode, each after a warm-up as long (the JIT needs
   * seconds to settle on a loaded machine).
   *
   * @param payloads OTLP protobuf request bodies
   */
  public static Result measure(List<byte[]> payloads, Duration duration) {
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("payloads must not be empty");
    }
    long warmup = duration.toNanos();
    run(payloads, warmup, false);
    Rate parse = run(payloads, duration.toNanos(), false);
    run(payloads, warmup, true);
    Rate split = run(payloads, duration.toNanos(), true);
    return new Result(
        parse.perCpuSecond(), split.perCpuSecond(), parse.perWallSecond(), split.perWallSecond());
  }

  private static Rate run(List<byte[]> payloads, long nanos, boolean split) {
    long spans = 0;
    long sink = 0;
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + nanos;
    int i = 0;
    long now;
    do {
      ExportTraceServiceRequest r = parse(payloads.get(i));
      if (split) {
        Map<TraceId, List<Span>> byTrace = splitByTrace(r);
        sink += byTrace.size();
        for (List<Span> l : byTrace.values()) {
          spans += l.size();
        }
      } else {
        spans += countSpans(r);
      }
      i = (i + 1) % payloads.size();
      now = System.nanoTime();
    } while (now < end);
    if (sink == Long.MIN_VALUE) {
      System.out.print(""); // keeps the grouping from being optimised away
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    return new Rate(cpu > 0 ? spans * 1e9 / cpu : 0, spans * 1e9 / (now - start));
  }

  /** Groups the spans of a request by trace id, keeping their order. */
  public static Map<TraceId, List<Span>> splitByTrace(ExportTraceServiceRequest r) {
    Map<TraceId, List<Span>> byTrace = new HashMap<>();
    for (ResourceSpans rs : r.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          byTrace
              .computeIfAbsent(TraceId.fromByteString(s.getTraceId()), k -> new ArrayList<>())
              .add(s);
        }
      }
    }
    return byTrace;
  }

  static int countSpans(ExportTraceServiceRequest r) {
    int n = 0;
    for (ResourceSpans rs : r.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  private static ExportTraceServiceRequest parse(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("payload is not an ExportTraceServiceRequest", e);
    }
  }
}
