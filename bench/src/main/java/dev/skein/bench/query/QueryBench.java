package dev.skein.bench.query;

import dev.skein.api.v1.SearchResponse;
import dev.skein.bench.report.LatencyRecorder;
import dev.skein.bench.send.AckLedger;
import dev.skein.bench.send.AckLedger.AckedTrace;
import dev.skein.bench.verify.QueryClient;
import dev.skein.bench.verify.SpanDiff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Runs the query measurements, one request at a time so latency is not queueing. */
public final class QueryBench {

  /**
   * Latencies of one kind of query.
   *
   * @param name label
   * @param latency distribution of all answers
   * @param ok answers with 200 (and, for trace by id, every acknowledged span)
   * @param failed answers that were not OK
   * @param lastResultCount traces in the last search answer, or -1 for trace by id
   * @param firstFailure what the first failed answer was ("HTTP 404: ..."), or empty
   */
  public record Stats(
      String name,
      LatencyRecorder.Summary latency,
      long ok,
      long failed,
      int lastResultCount,
      String firstFailure) {}

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final QueryClient client;

  public QueryBench(QueryClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Trace by id for {@code count} ids picked at random (seeded) from {@code traces}. */
  public Stats traceById(List<AckedTrace> traces, int count, long seed)
      throws InterruptedException {
    LatencyRecorder latency = new LatencyRecorder();
    long ok = 0;
    long failed = 0;
    String firstFailure = "";
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < count && !traces.isEmpty(); i++) {
      AckedTrace t = traces.get(rng.nextInt(traces.size()));
      QueryClient.Answer a = await(client.traceById(t.traceId()));
      latency.record(a.latencyNanos());
      if (exact(t, a)) {
        ok++;
      } else {
        failed++;
        firstFailure = firstFailure.isEmpty() ? describe(a) : firstFailure;
      }
    }
    return new Stats("trace by id (random acked)", latency.summary(), ok, failed, -1, firstFailure);
  }

  /**
   * Read-after-ack: while {@code running} says so (at most {@code maxProbes} times), fetches the
   * trace acknowledged last, pausing {@code pause} between probes. Run on its own thread during
   * load.
   */
  public Stats justAcknowledged(
      AckLedger ledger, BooleanSupplier running, int maxProbes, Duration pause)
      throws InterruptedException {
    LatencyRecorder latency = new LatencyRecorder();
    long ok = 0;
    long failed = 0;
    String firstFailure = "";
    for (int i = 0; i < maxProbes && running.getAsBoolean(); i++) {
      AckedTrace t = ledger.latestComplete();
      if (t != null) {
        QueryClient.Answer a = await(client.traceById(t.traceId()));
        latency.record(a.latencyNanos());
        if (exact(t, a)) {
          ok++;
        } else {
          failed++;
          firstFailure = firstFailure.isEmpty() ? describe(a) : firstFailure;
        }
      }
      Thread.sleep(pause);
    }
    return new Stats("trace by id (just acked)", latency.summary(), ok, failed, -1, firstFailure);
  }

  /** Runs each search {@code repeats} times. */
  public List<Stats> search(List<SearchQueries.Query> queries, int repeats)
      throws InterruptedException {
    List<Stats> out = new ArrayList<>();
    for (SearchQueries.Query q : queries) {
      LatencyRecorder latency = new LatencyRecorder();
      long ok = 0;
      long failed = 0;
      int last = -1;
      String firstFailure = "";
      for (int i = 0; i < repeats; i++) {
        QueryClient.Answer a = await(client.search(q.query()));
        latency.record(a.latencyNanos());
        if (a.ok()) {
          ok++;
          last = resultCount(a.body());
        } else {
          failed++;
          firstFailure = firstFailure.isEmpty() ? describe(a) : firstFailure;
        }
      }
      out.add(new Stats(q.name(), latency.summary(), ok, failed, last, firstFailure));
    }
    return out;
  }

  /** "HTTP 404: body..." or the transport error. */
  private static String describe(QueryClient.Answer a) {
    if (a.status() == 0) {
      return a.error();
    }
    if (a.ok()) {
      return "HTTP 200 but not every acknowledged span";
    }
    String body = new String(a.body(), StandardCharsets.UTF_8);
    return "HTTP "
        + a.status()
        + (body.isEmpty()
            ? ""
            : ": " + (body.length() > 120 ? body.substring(0, 120) + "..." : body));
  }

  private static boolean exact(AckedTrace t, QueryClient.Answer a) {
    try {
      return a.ok() && SpanDiff.of(t.ackedSpanIds(), QueryClient.spanIds(a.body())).exact();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int resultCount(byte[] body) {
    try {
      SearchResponse.Builder b = SearchResponse.newBuilder();
      com.google.protobuf.util.JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(body, StandardCharsets.UTF_8), b);
      return b.getTracesCount();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return -1;
    }
  }

  private static QueryClient.Answer await(
      java.util.concurrent.CompletableFuture<QueryClient.Answer> f) throws InterruptedException {
    try {
      return f.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return new QueryClient.Answer(0, new byte[0], ANSWER_TIMEOUT.toNanos(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "QueryBench{client=" + client + "}";
  }
}
