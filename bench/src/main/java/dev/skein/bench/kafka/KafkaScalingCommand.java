package dev.skein.bench.kafka;

import dev.skein.bench.cli.Args;
import dev.skein.bench.cli.UsageException;
import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.ingester.kafka.KafkaConfig;
import dev.skein.ingester.kafka.KafkaSpanSink;
import dev.skein.testkit.EmbeddedKafka;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code kafka-scaling}: starts an in-process Kafka broker, produces a workload with the real
 * {@link KafkaSpanSink} (once per compression, to compare lz4 and zstd), then lets one and then two
 * real ingester processes ({@link IngesterProcess}, each a separate JVM) consume the same topic as
 * one consumer group into blocks, and prints the throughput side by side. Throughput counts from
 * the moment every ingester process is consuming to the moment the group committed every offset,
 * which in Skein means the spans are in blocks in the object store.
 */
public final class KafkaScalingCommand {

  public static final List<Args.Flag> FLAGS =
      List.of(
          new Args.Flag("traces", "20000", "traces in the workload"),
          new Args.Flag("partitions", "4", "partitions of the topic"),
          new Args.Flag("seed", "1", "workload seed"),
          new Args.Flag("work-dir", "/tmp/skein-kafka-scaling", "scratch directory (emptied)"));

  private KafkaScalingCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> argv, PrintStream out) throws Exception {
    Args a = Args.parse(FLAGS, argv);
    int traces = a.integer("traces");
    int partitions = a.integer("partitions");
    if (traces < 1 || partitions < 1) {
      throw new UsageException("--traces and --partitions must be >= 1");
    }
    Path work = Path.of(a.string("work-dir"));
    deleteTree(work);
    Files.createDirectories(work);
    List<TraceBatch> workload = workload(traces, a.longValue("seed"));
    long spans = workload.stream().mapToLong(TraceBatch::spanCount).sum();
    long bytes = workload.stream().mapToLong(b -> b.tracesData().length).sum();
    out.printf(
        "workload: %d traces, %d spans, %.1f MB of OTLP TracesData; %d partitions%n",
        traces, spans, bytes / 1e6, partitions);
    out.println(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, shared and noisy:"
            + " numbers are indicative only");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      out.println();
      out.println("| producer compression | records/s | spans/s | topic bytes on disk |");
      out.println("|---|---|---|---|");
      for (String compression : List.of("lz4", "zstd")) {
        String topic = "spans-" + compression;
        double seconds = produce(kafka, topic, partitions, compression, workload);
        out.printf(
            "| %s | %.0f | %.0f | %.1f MB |%n",
            compression,
            workload.size() / seconds,
            spans / seconds,
            topicBytes(kafka, topic) / 1e6);
      }
      out.println();
      out.println(
          "| ingester processes | seconds to consume and commit | spans/s | ingester CPU-seconds |");
      out.println("|---|---|---|---|");
      for (int n = 1; n <= 2; n++) {
        Result r = consume(kafka, "spans-lz4", partitions, n, work.resolve("ingesters-" + n));
        out.printf("| %d | %.1f | %.0f | %.1f |%n", n, r.seconds, spans / r.seconds, r.cpuSeconds);
      }
    }
    return 0;
  }

  static List<TraceBatch> workload(int traces, long seed) {
    ShopTraces shop = new ShopTraces(seed);
    List<TraceBatch> out = new ArrayList<>(traces);
    for (int i = 0; i < traces; i++) {
      Trace t = shop.next();
      byte[] data =
          TracesData.newBuilder().addAllResourceSpans(t.resourceSpans()).build().toByteArray();
      out.add(new TraceBatch(t.traceId(), data, t.spanCount()));
    }
    return out;
  }

  static double produce(
      EmbeddedKafka kafka, String topic, int partitions, String compression, List<TraceBatch> w)
      throws Exception {
    KafkaConfig config =
        KafkaConfig.builder(kafka.bootstrapServers())
            .topic(topic)
            .partitions(partitions)
            .replicationFactor((short) 1)
            .compression(compression)
            .build();
    try (KafkaSpanSink sink = new KafkaSpanSink(config, new SimpleMeterRegistry())) {
      sink.start();
      long t0 = System.nanoTime();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      // pushes of 10 traces, like a receiver handing over one OTLP request at a time
      for (int i = 0; i < w.size(); i += 10) {
        pending.add(sink.push("single-tenant", w.subList(i, Math.min(w.size(), i + 10))));
        if (pending.size() >= 200) {
          pending.remove(0).get(60, TimeUnit.SECONDS);
        }
      }
      for (CompletableFuture<?> f : pending) {
        f.get(60, TimeUnit.SECONDS);
      }
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  record Result(double seconds, double cpuSeconds) {}

  static Result consume(EmbeddedKafka kafka, String topic, int partitions, int n, Path dir)
      throws Exception {
    String group = "scaling-" + n;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> procs = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Path data = dir.resolve("ingester-" + i);
        Files.createDirectories(data);
        procs.add(
            new ProcessBuilder(
                    java,
                    "-Xmx1g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    IngesterProcess.class.getName(),
                    kafka.bootstrapServers(),
                    topic,
                    group,
                    data.toString(),
                    dir.resolve("blocks").toString())
                .redirectErrorStream(true)
                .start());
      }
      for (Process p : procs) {
        awaitStarted(p);
      }
      long t0 = System.nanoTime();
      awaitCommitted(kafka, topic, partitions, group);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = 0;
      for (Process p : procs) {
        cpu += p.info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1000.0;
      }
      return new Result(seconds, cpu);
    } finally {
      for (Process p : procs) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void awaitStarted(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.equals("started")) {
        // keep draining its output so the child never blocks on a full pipe
        Thread.ofVirtual().start(() -> r.lines().forEach(l -> {}));
        return;
      }
    }
    throw new IllegalStateException("an ingester process exited before it started consuming");
  }

  private static void awaitCommitted(EmbeddedKafka kafka, String topic, int partitions, String g)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, i) -> end.put(tp, i.offset()));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> c =
            admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get();
        if (end.entrySet().stream()
            .allMatch(
                e ->
                    e.getValue() == 0
                        || (c.get(e.getKey()) != null
                            && c.get(e.getKey()).offset() >= e.getValue()))) {
          return;
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("group " + g + " did not commit everything in 10 minutes");
    }
  }

  private static long topicBytes(EmbeddedKafka kafka, String topic) throws IOException {
    long total = 0;
    try (var files = Files.walk(kafka.logDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getParent().getFileName().toString().startsWith(topic + "-")
            && f.toString().endsWith(".log")) {
          total += Files.size(f);
        }
      }
    }
    return total;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
