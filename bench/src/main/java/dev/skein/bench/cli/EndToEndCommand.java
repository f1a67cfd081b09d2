package dev.skein.bench.cli;

import dev.skein.bench.ceiling.ProcessSampler;
import dev.skein.bench.query.QueryBench;
import dev.skein.bench.query.SearchQueries;
import dev.skein.bench.report.Report;
import dev.skein.bench.send.AckLedger;
import dev.skein.bench.send.GrpcSender;
import dev.skein.bench.send.HttpSender;
import dev.skein.bench.send.LoadDriver;
import dev.skein.bench.send.LoadResult;
import dev.skein.bench.send.Protocol;
import dev.skein.bench.send.Sender;
import dev.skein.bench.verify.CompactionRun;
import dev.skein.bench.verify.QueryClient;
import dev.skein.bench.verify.Verifier;
import dev.skein.bench.workload.WorkloadConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code e2e}: sends the workload to a running server, verifies every acknowledged trace, measures
 * queries and the ceilings, and reports all of it. Loopback targets only.
 */
public final class EndToEndCommand {

  /**
   * Pause between read-after-ack probes during the load: 2 per second checks read-your-writes all
   * through a run at ~1 % of the server's CPU at 100 k spans/s (every 50 ms, it was ~4 %).
   */
  static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(500);

  public static final List<Args.Flag> FLAGS;

  static {
    List<Args.Flag> f = new ArrayList<>();
    f.add(new Args.Flag("endpoint-grpc", "127.0.0.1:4317", "OTLP/gRPC host:port"));
    f.add(new Args.Flag("endpoint-http", "http://127.0.0.1:4318", "OTLP/HTTP base URL"));
    f.add(new Args.Flag("query", "http://127.0.0.1:3200", "query API base URL"));
    f.add(new Args.Flag("protocol", "grpc", "grpc, http-proto or http-json"));
    f.add(new Args.Flag("rate", "0", "spans/s to send; 0 = as fast as accepted"));
    f.add(new Args.Flag("concurrency", "16", "requests in flight"));
    f.add(
        new Args.Flag(
            "warmup-seconds",
            "5",
            "requests due in the first N seconds are sent and counted, but left out of the"
                + " after-warm-up latency (the loader JVM's own JIT and connection set-up)"));
    f.add(new Args.Flag("connections", "2", "gRPC channels (HTTP/2 connections)"));
    f.add(new Args.Flag("retries", "3", "retries of a request refused as retryable"));
    f.add(new Args.Flag("max-duration", "300", "seconds after which no request is sent"));
    f.add(new Args.Flag("tenant", null, "X-Scope-OrgID to send (default: none)"));
    f.add(new Args.Flag("pid", null, "server pid whose CPU and memory to sample (default: none)"));
    f.add(new Args.Flag("verify", "true", "read back every acknowledged trace"));
    f.add(
        new Args.Flag(
            "flush",
            "true",
            "POST /flush, then verify again (without --verify: POST /flush and report the"
                + " server CPU of building and uploading the blocks)"));
    f.add(
        new Args.Flag(
            "compact", "true", "after the flush: POST /compactor/run, then verify again"));
    f.add(
        new Args.Flag(
            "blocklist-wait",
            "0",
            "seconds to wait after compacting before verifying (querier in another process:"
                + " its blocklist-poll)"));
    f.add(
        new Args.Flag(
            "probe-interval-ms",
            String.valueOf(DEFAULT_PROBE_INTERVAL.toMillis()),
            "while the load runs, fetch the trace acknowledged last every N ms (read after"
                + " ack); each probe costs the server a trace-by-id lookup"));
    f.add(new Args.Flag("trace-queries", "500", "trace-by-id queries of random acked ids"));
    f.add(new Args.Flag("search-repeats", "10", "runs of each search query"));
    f.add(new Args.Flag("decode-seconds", "2", "seconds per decode mode; 0 skips the ceilings"));
    f.add(new Args.Flag("out", "bench/results", "directory of the JSON result"));
    f.addAll(WorkloadFlags.FLAGS);
    FLAGS = List.copyOf(f);
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** CPU time of this JVM (every thread, GC included), or 0 where the JVM does not say. */
  private static long loaderCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  private static double per100k(double cpuSeconds, long spans) {
    return spans == 0 ? 0 : cpuSeconds * 100_000 / spans;
  }

  private EndToEndCommand() {}

  /** Runs the command; returns the process exit code (1 when verification found a difference). */
  public static int run(List<String> argv, PrintStream out)
      throws IOException, InterruptedException {
    Args a = Args.parse(FLAGS, argv);
    Protocol protocol;
    try {
      protocol = Protocol.parse(a.string("protocol"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
    String grpcTarget = a.string("endpoint-grpc");
    String httpBase = a.string("endpoint-http");
    String queryBase = a.string("query");
    requireLoopback("--endpoint-grpc", URI.create("grpc://" + grpcTarget).getHost());
    requireLoopback("--endpoint-http", URI.create(httpBase).getHost());
    requireLoopback("--query", URI.create(queryBase).getHost());
    int concurrency = positive(a, "concurrency");
    Duration probeInterval = Duration.ofMillis(positive(a, "probe-interval-ms"));
    double rate = a.decimal("rate");
    if (rate < 0) {
      throw new UsageException("--rate must be >= 0, was " + rate);
    }
    String tenant = a.optional("tenant");
    Long pid = a.optional("pid") == null ? null : a.longValue("pid");
    if (pid != null) {
      try {
        ProcessSampler.read(pid);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--pid: " + e.getMessage());
      }
    }
    // Start 10 minutes back, so late spans and idle gaps have timestamps in the past, not future.
    long start = System.currentTimeMillis() * 1_000_000L - Duration.ofMinutes(10).toNanos();
    WorkloadConfig config = WorkloadFlags.config(a, start);

    Report r = new Report("e2e", Instant.now());
    Machine.report(r);
    r.add("run", "protocol", protocol.flag(), "");
    r.add("run", "concurrency", (long) concurrency, "");
    r.add("run", "target rate", rate == 0 ? "as fast as accepted" : rate + " spans/s", "");

    try (QueryClient query = new QueryClient(queryBase, tenant, TIMEOUT)) {
      awaitReady(query, out);
      out.println("generating " + config.traces() + " traces...");
      PreparedWorkload w = PreparedWorkload.prepare(config, protocol, false);
      w.report(r);

      ProcessSampler sampler =
          pid == null ? null : ProcessSampler.start(pid, Duration.ofMillis(250));
      try {
        AckLedger ledger = new AckLedger(config.traces());
        LoadResult load;
        double loaderCpu;
        QueryBench bench = new QueryBench(query);
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService probeThread = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<QueryBench.Stats> probe =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return bench.justAcknowledged(ledger, loading::get, 10_000, probeInterval);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                  }
                },
                probeThread);
        out.println("sending " + w.payloads.size() + " requests over " + protocol.flag() + "...");
        try (Sender sender = sender(protocol, grpcTarget, httpBase, tenant, a)) {
          LoadDriver driver =
              new LoadDriver(
                  sender,
                  ledger,
                  concurrency,
                  rate,
                  a.integer("retries"),
                  Duration.ofSeconds(a.integer("max-duration")),
                  LoadDriver.DEFAULT_RETRY_BACKOFF,
                  Duration.ofSeconds(a.integer("warmup-seconds")));
          long loaderCpu0 = loaderCpuNanos();
          load = driver.run(w.payloads);
          loaderCpu = (loaderCpuNanos() - loaderCpu0) / 1e9;
        }
        loading.set(false);
        QueryBench.Stats justAcked = probe.join();
        probeThread.close();
        reportLoad(r, load, ledger);
        ProcessSampler.Usage ingestUsage = usage(r, "server during ingest", sampler);
        if (ingestUsage != null && ingestUsage.cpuSeconds() > 0) {
          r.add(
              "server during ingest",
              "acknowledged spans per server CPU-second",
              load.spansAcked() / ingestUsage.cpuSeconds(),
              "spans/CPU-s");
          r.add(
              "server during ingest",
              "server CPU-s per 100k acknowledged spans",
              per100k(ingestUsage.cpuSeconds(), load.spansAcked()),
              "CPU-s");
        }
        r.add("loader during ingest", "CPU (sending, acks, probe queries)", loaderCpu, "s");
        r.add(
            "loader during ingest",
            "loader CPU-s per 100k acknowledged spans",
            per100k(loaderCpu, load.spansAcked()),
            "CPU-s");
        int exit = 0;
        if (!a.bool("verify") && a.bool("flush")) {
          // the rest of the end-to-end cost: every live trace cut, every block built and uploaded
          QueryClient.Answer f = query.flush().join();
          r.add("flush", "POST /flush", f.status() == 0 ? f.error() : "HTTP " + f.status(), "");
          ProcessSampler.Usage flushUsage = usage(r, "server during flush", sampler);
          if (flushUsage != null && ingestUsage != null) {
            r.add(
                "server ingest + flush",
                "server CPU-s per 100k acknowledged spans (receive, WAL, blocks, upload)",
                per100k(ingestUsage.cpuSeconds() + flushUsage.cpuSeconds(), load.spansAcked()),
                "CPU-s");
          }
        }
        if (a.bool("verify")) {
          exit |= verify(r, "verify (live)", query, ledger, out);
          if (a.bool("flush")) {
            QueryClient.Answer f = query.flush().join();
            r.add(
                "verify (after flush)",
                "POST /flush",
                f.status() == 0 ? f.error() : "HTTP " + f.status(),
                "");
            exit |= verify(r, "verify (after flush)", query, ledger, out);
            if (a.bool("compact")) {
              exit |= compactAndVerify(r, query, ledger, out, seconds(a, "blocklist-wait"));
            }
          }
        }
        out.println("querying...");
        var acked = ledger.snapshot().stream().filter(AckLedger.AckedTrace::complete).toList();
        long from = config.startEpochNanos() / 1_000_000_000L - 60;
        long to = System.currentTimeMillis() / 1000 + 60;
        List<QueryBench.Stats> stats = new ArrayList<>();
        stats.add(bench.traceById(acked, a.integer("trace-queries"), config.seed()));
        stats.add(justAcked);
        stats.addAll(
            bench.search(SearchQueries.all(from, to, w.sampleUserId), a.integer("search-repeats")));
        for (QueryBench.Stats s : stats) {
          r.latency("queries", s.name(), s.latency());
          String count = s.lastResultCount() >= 0 ? ", " + s.lastResultCount() + " traces" : "";
          String why =
              s.firstFailure().isEmpty() ? "" : " (first failure: " + s.firstFailure() + ")";
          r.add(
              "queries", s.name() + ": ok / failed", s.ok() + " / " + s.failed() + count + why, "");
        }
        usage(r, "server during verify + queries", sampler);
        if (a.integer("decode-seconds") > 0) {
          Ceilings.report(r, w, Duration.ofSeconds(a.integer("decode-seconds")));
        }
        out.print(r.markdown());
        out.println();
        out.println("JSON: " + r.writeJson(Path.of(a.string("out"))));
        return exit;
      } finally {
        if (sampler != null) {
          sampler.close();
        }
      }
    }
  }

  private static Sender sender(
      Protocol protocol, String grpcTarget, String httpBase, @Nullable String tenant, Args a) {
    return protocol == Protocol.GRPC
        ? GrpcSender.connect(grpcTarget, positive(a, "connections"), tenant, TIMEOUT)
        : new HttpSender(httpBase, protocol, tenant, TIMEOUT);
  }

  private static void reportLoad(Report r, LoadResult l, AckLedger ledger) {
    String s = "ingest";
    r.add(s, "acknowledged spans/s", l.ackedSpansPerSecond(), "spans/s");
    r.add(s, "request bytes/s", l.megabytesPerSecond(), "MB/s");
    r.latency(s, "ack latency", l.ackLatency());
    r.latency(s, "ack latency from schedule (incl. retries, queueing)", l.ackLatencyFromSchedule());
    r.latency(
        s,
        "ack latency from schedule, after the loader's first "
            + l.warmupNanos() / 1_000_000_000
            + " s",
        l.ackLatencyAfterWarmup());
    r.add(s, "requests sent / accepted", l.requestsSent() + " / " + l.requestsAccepted(), "");
    r.add(
        s,
        "partial successes (rejected spans)",
        l.requestsPartial() + " (" + l.rejectedSpans() + ")",
        "");
    r.add(s, "retryable refusals", l.retryableRefusals(), "");
    r.add(s, "requests failed / not sent", l.requestsFailed() + " / " + l.requestsNotSent(), "");
    r.add(s, "spans sent / acknowledged", l.spansSent() + " / " + l.spansAcked(), "");
    r.add(s, "traces fully acknowledged", ledger.completeTraces(), "");
    r.add(s, "elapsed", l.elapsedNanos() / 1e9, "s");
    r.addJsonOnly(s, "errors", l.errors());
  }

  private static int verify(
      Report r, String section, QueryClient query, AckLedger ledger, PrintStream out)
      throws InterruptedException {
    out.println(section + "...");
    Verifier.Result v = new Verifier(query, 8).verify(ledger.snapshot());
    r.add(section, "traces checked / exact", v.tracesChecked() + " / " + v.tracesExact(), "");
    r.add(section, "traces not found", v.tracesNotFound(), "");
    r.add(
        section,
        "missing / duplicate / extra spans",
        v.missingSpans() + " / " + v.duplicateSpans() + " / " + v.extraSpans(),
        "");
    r.add(section, "fetch errors", v.fetchErrors(), "");
    r.latency(section, "fetch latency", v.latency());
    r.addJsonOnly(section, "errors", v.firstErrors());
    return v.clean() && v.fetchErrors() == 0 ? 0 : 1;
  }

  /**
   * Runs a compaction cycle on the server ({@code POST /compactor/run}), reports what it merged,
   * waits for the block list, then verifies every acknowledged trace again.
   *
   * @return 0 when every trace is exact after compaction, 1 otherwise (or when it could not run)
   */
  static int compactAndVerify(
      Report r, QueryClient query, AckLedger ledger, PrintStream out, Duration blocklistWait)
      throws InterruptedException {
    String section = "verify (after compaction)";
    out.println("compacting...");
    QueryClient.Answer c = query.compact().join();
    if (!c.ok()) {
      String why =
          c.status() == 0
              ? c.error()
              : "HTTP "
                  + c.status()
                  + " "
                  + new String(c.body(), StandardCharsets.UTF_8)
                  + (c.status() == 404 ? " (a target without compactor: --compact=false)" : "");
      r.add(section, "POST /compactor/run", why, "");
      out.println("compaction failed: " + why);
      return 1;
    }
    CompactionRun run;
    try {
      run = CompactionRun.parse(c.body());
    } catch (IllegalArgumentException e) {
      r.add(section, "POST /compactor/run", "unreadable answer: " + e.getMessage(), "");
      return 1;
    }
    r.add(section, "compaction jobs", run.jobs(), "");
    r.add(section, "blocks in / out", run.blocksIn() + " / " + run.blocksOut(), "");
    r.add(
        section,
        "spans in / out (duplicates dropped)",
        run.spansIn() + " / " + run.spansOut() + " (" + run.duplicateSpans() + ")",
        "");
    r.add(section, "compaction cycle (server wall time)", run.durationMillis() / 1000.0, "s");
    if (run.jobs() == 0) {
      out.println("nothing to compact (fewer blocks than skein.compactor.min-input-blocks)");
    }
    if (blocklistWait.isPositive()) {
      out.println("waiting " + blocklistWait.toSeconds() + " s for the queriers' block list...");
      Thread.sleep(blocklistWait.toMillis());
    }
    return verify(r, section, query, ledger, out);
  }

  private static Duration seconds(Args a, String name) {
    int v = a.integer(name);
    if (v < 0) {
      throw new UsageException("--" + name + " must be >= 0, was " + v);
    }
    return Duration.ofSeconds(v);
  }

  private static ProcessSampler.@Nullable Usage usage(
      Report r, String section, @Nullable ProcessSampler sampler) {
    if (sampler == null) {
      return null;
    }
    ProcessSampler.Usage u = sampler.phase();
    r.add(section, "CPU", u.cpuSeconds(), "s");
    r.add(section, "average cores", u.averageCores(), "");
    r.add(section, "max RSS", u.maxRssBytes() >> 20, "MiB");
    r.add(section, "peak RSS (VmHWM)", u.peakRssBytes() >> 20, "MiB");
    return u;
  }

  private static void awaitReady(QueryClient query, PrintStream out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    QueryClient.Answer last = null;
    while (System.nanoTime() < deadline) {
      last = query.ready().join();
      if (last.ok()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new UsageException(
        "server not ready after 30 s: GET /ready answered "
            + (last == null || last.status() == 0
                ? (last == null ? "nothing" : last.error())
                : "HTTP " + last.status()));
  }

  private static int positive(Args a, String name) {
    int v = a.integer(name);
    if (v < 1) {
      throw new UsageException("--" + name + " must be >= 1, was " + v);
    }
    return v;
  }

  /** Load goes to this machine only. */
  static void requireLoopback(String flag, @Nullable String host) {
    if (host == null) {
      throw new UsageException(flag + " has no host");
    }
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new UsageException(
            flag + " must be a loopback address (127.0.0.1, localhost), was " + host);
      }
    } catch (UnknownHostException e) {
      throw new UsageException(flag + " host " + host + " is unknown");
    }
  }
}
