package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.EmbeddedKafka;
import dev.skein.testkit.S3TestServer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's multi-process test: an in-process Kafka broker and S3 server, and Skein as five JVMs
 * on loopback (distributor, two ingesters, querier, compactor). The OpenTelemetry SDK streams
 * traces to the distributor; one ingester is killed with SIGKILL mid-stream. Afterwards every
 * acknowledged span is found through the querier exactly once: the survivor took over the dead
 * ingester's partitions, re-read what had not been committed, and flushed it to the object store.
 */
class ScaleOutIT {

  static final String TOPIC = "skein-spans";
  static final String GROUP = "skein-ingesters";
  static final int PARTITIONS = 4;
  static final int CLIENTS = 3;
  static final int BATCHES_BEFORE_KILL = 60;
  static final int BATCHES_AFTER_KILL = 60;
  static final int MAX_BATCHES = 3000;

  @TempDir Path dir;

  /** Process logs, kept after the test for diagnosis. */
  final Path logs = Path.of("target", "scale-out-it").toAbsolutePath();

  /** trace id (hex) to the span ids (hex) acknowledged for it. */
  final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

  final List<Process> processes = new ArrayList<>();

  /** Clients stop once this many batches were acknowledged; set after the kill. */
  volatile int stopAt = MAX_BATCHES;

  @Test
  void ingesterKilledMidStream_everyAcknowledgedSpanFoundOnceThroughQuerier() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        S3TestServer s3 = S3TestServer.start()) {
      try {
        run(kafka, s3);
      } finally {
        for (Process p : processes) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  void run(EmbeddedKafka kafka, S3TestServer s3) throws Exception {
    java.nio.file.Files.createDirectories(logs);
    int grpc = ServerProcess.freePort();
    Map<String, Integer> api = new LinkedHashMap<>();
    for (String name : List.of("distributor", "ingester-a", "ingester-b", "querier", "compactor")) {
      api.put(name, ServerProcess.freePort());
    }
    Map<String, Process> running = new HashMap<>();
    for (Map.Entry<String, Integer> e : api.entrySet()) {
      Process p =
          ServerProcess.launch(logs, e.getKey(), args(e.getKey(), e.getValue(), grpc, kafka, s3));
      processes.add(p);
      running.put(e.getKey(), p);
    }
    for (Map.Entry<String, Integer> e : api.entrySet()) {
      ServerProcess.awaitReady(running.get(e.getKey()), e.getValue(), logs, e.getKey());
    }

    AtomicInteger batches = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(Thread.ofPlatform().start(() -> stream(grpc, client, batches)));
    }
    awaitAtLeast(batches, BATCHES_BEFORE_KILL);
    // kill once the victim has done durable work (flushed and committed at least once), so the
    // survivor has to resume from the victim's commit, not from the start of its partitions
    awaitFirstCommit(api.get("ingester-a"));
    Process victim = running.get("ingester-a");
    victim.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no offset commit
    victim.waitFor(30, TimeUnit.SECONDS);
    int atKill = batches.get();
    stopAt = atKill + BATCHES_AFTER_KILL;
    for (Thread t : clients) {
      t.join(TimeUnit.MINUTES.toMillis(3));
    }
    assertThat(batches.get())
        .as("the distributor kept acknowledging after the ingester died")
        .isGreaterThan(atKill);
    long spans = acknowledged.values().stream().mapToLong(Set::size).sum();
    System.out.printf(
        "ScaleOutIT: %d spans in %d traces acknowledged, ingester-a killed after %d batches%n",
        spans, acknowledged.size(), atKill);

    // the survivor owns every partition once the group noticed the death; flush it until
    // everything in the topic is committed, that is, in blocks in the object store
    awaitAllCommitted(kafka, api.get("ingester-b"));

    int querier = api.get("querier");
    Map<String, List<String>> found = awaitTraces(querier);
    for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
      assertThat(found.get(e.getKey()))
          .as("spans of trace %s through the querier", e.getKey())
          .containsAll(e.getValue())
          .doesNotHaveDuplicates();
    }
  }

  List<String> args(String name, int api, int grpc, EmbeddedKafka kafka, S3TestServer s3) {
    List<String> a = new ArrayList<>();
    a.add("--skein.target=" + name.replaceFirst("-.*", ""));
    a.add("--skein.data-dir=" + dir.resolve(name));
    a.add("--skein.server.http-listen-port=" + api);
    a.add("--skein.distributor.otlp-grpc-port=" + (name.equals("distributor") ? grpc : 0));
    a.add("--skein.distributor.otlp-http-port=0");
    // two ingesters on one host: each its own ingester query port (default 9095)
    a.add("--skein.ingester.query-grpc-port=0");
    a.add("--skein.distributor.rate-limit-bytes=0");
    a.add("--skein.distributor.sink=kafka");
    a.add("--skein.kafka.bootstrap-servers=" + kafka.bootstrapServers());
    a.add("--skein.kafka.topic=" + TOPIC);
    a.add("--skein.kafka.partitions=" + PARTITIONS);
    a.add("--skein.kafka.replication-factor=1");
    a.add("--skein.kafka.consumer-group=" + GROUP);
    a.add("--skein.kafka.commit-interval=3s");
    // notice the dead ingester within seconds (the broker's minimum), not Kafka's default 45 s
    a.add("--skein.kafka.client-properties[session.timeout.ms]=6000");
    a.add("--skein.kafka.client-properties[heartbeat.interval.ms]=1000");
    a.add("--skein.storage.backend=s3");
    a.add("--skein.storage.s3.endpoint=" + s3.endpoint());
    a.add("--skein.storage.s3.bucket=" + S3TestServer.BUCKET);
    a.add("--skein.storage.s3.region=" + S3TestServer.REGION);
    a.add("--skein.storage.s3.path-style=true");
    a.add("--skein.storage.s3.access-key=" + S3TestServer.ACCESS_KEY);
    a.add("--skein.storage.s3.secret-key=" + S3TestServer.SECRET_KEY);
    a.add("--skein.storage.s3.prefix=scale-out");
    a.add("--skein.storage.blocklist-poll=1s");
    a.add("--skein.compactor.cycle-period=5s");
    return a;
  }

  /** Sends batches of 2 traces x 2 spans until {@link #stopAt} were acknowledged. */
  void stream(int grpcPort, int client, AtomicInteger batches) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + grpcPort)
            .setTimeout(Duration.ofSeconds(30))
            .setRetryPolicy(
                RetryPolicy.builder()
                    .setMaxAttempts(5)
                    .setInitialBackoff(Duration.ofMillis(200))
                    .build())
            .build();
    try {
      int failures = 0;
      while (batches.get() < stopAt && failures < 20) {
        List<SpanData> batch = CrashSafetyIT.batch("client-" + client);
        CompletableResultCode result = exporter.export(batch).join(60, TimeUnit.SECONDS);
        if (!result.isSuccess()) {
          failures++; // not acknowledged: not expected to be found
          continue;
        }
        for (SpanData s : batch) {
          acknowledged
              .computeIfAbsent(s.getTraceId(), k -> ConcurrentHashMap.newKeySet())
              .add(s.getSpanId());
        }
        batches.incrementAndGet();
        Thread.sleep(20); // a steady stream, so the kill lands mid-stream
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  static void awaitAtLeast(AtomicInteger n, int wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (n.get() < wanted) {
      assertThat(System.nanoTime())
          .as("only %d batches acknowledged", n.get())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Waits until the ingester's {@code skein_kafka_offset_commits_total} is at least 1. */
  static void awaitFirstCommit(int ingesterApi) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      HttpResponse<String> r =
          ServerProcess.HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingesterApi + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean committed =
          r.body()
              .lines()
              .filter(l -> l.startsWith("skein_kafka_offset_commits_total"))
              .anyMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1);
      if (committed) {
        return;
      }
      assertThat(System.nanoTime())
          .as("ingester-a never committed offsets; /metrics answered %d", r.statusCode())
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** POST /flush on the survivor until the group committed every partition to its end. */
  static void awaitAllCommitted(EmbeddedKafka kafka, int survivorApi) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> end.put(tp, info.offset()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        boolean done =
            end.entrySet().stream()
                .allMatch(
                    e ->
                        e.getValue() == 0
                            || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()));
        if (done) {
          return;
        }
        assertThat(System.nanoTime())
            .as("committed %s never reached the end offsets %s", committed, end)
            .isLessThan(deadline);
        HttpResponse<String> r =
            ServerProcess.HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + survivorApi + "/flush"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /flush on the survivor").isEqualTo(204);
        Thread.sleep(1000);
      }
    }
  }

  /**
   * Every acknowledged trace's span ids through the querier, polling until each has all its
   * acknowledged spans (the querier learns about new blocks by polling the block list) or time is
   * up; then the caller's assertions say what is missing.
   */
  Map<String, List<String>> awaitTraces(int querier) throws Exception {
    Map<String, List<String>> found = new HashMap<>();
    Set<String> missing = new java.util.HashSet<>(acknowledged.keySet());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      for (java.util.Iterator<String> it = missing.iterator(); it.hasNext(); ) {
        String traceId = it.next();
        HttpResponse<String> r =
            ServerProcess.HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + querier + "/api/traces/" + traceId))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          List<String> ids = CrashSafetyIT.spanIds(querier, traceId);
          found.put(traceId, ids);
          if (ids.containsAll(acknowledged.get(traceId))) {
            it.remove();
          }
        } else {
          assertThat(r.statusCode()).as("GET /api/traces/%s", traceId).isEqualTo(404);
        }
      }
      if (!missing.isEmpty()) {
        System.out.printf(
            "ScaleOutIT: %d traces not complete through the querier yet%n", missing.size());
        Thread.sleep(1000);
      }
    }
    assertThat(missing).as("traces never complete through the querier").isEmpty();
    return found;
  }
}
