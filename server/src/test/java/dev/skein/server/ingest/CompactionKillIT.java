package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a compaction job is running, proven from the server's log. A first run with an idle
 * compactor streams OTLP traces and flushes until several blocks sit in the store; then, three
 * times, the server is restarted with the compactor cycling every second under continued load, the
 * test watches the log for a job start ({@code compacting N blocks ... into <id>}) and kills the
 * process a seeded random 0 to {@link #MAX_KILL_DELAY_MS} ms later. A last restart lets the
 * compactor take over the dead jobs' leases and finish; every acknowledged span must then be found
 * by trace id exactly once, and at least one kill must have hit a job that had started and not
 * logged its completion ({@code compacted N blocks ... into <id>}).
 */
class CompactionKillIT {

  static final long SEED = 20261125L;
  static final int ROUNDS = 3;

  /**
   * Upper bound of the delay between a job's start line and the kill; below the shortest job
   * measured on the shared 2-core machine (see docs/reliability.md).
   */
  static final int MAX_KILL_DELAY_MS = 150;

  /** Live blocks the seed run leaves in the store for the first compaction round. */
  static final int SEED_BLOCKS = 4;

  static final String INSTANCE = "compaction-kill-it";
  static final Pattern STARTED =
      Pattern.compile("compacting (\\d+) blocks .* into ([0-9a-f-]{36})");
  static final Pattern FINISHED =
      Pattern.compile("compacted (\\d+) blocks .* into ([0-9a-f-]{36}) .* in (\\d+) ms");

  @TempDir Path dir;

  /** trace id (hex) to the span ids (hex) acknowledged for it. */
  final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

  /** POST /flush answers other than 204 while the server was up. */
  final List<String> flushFailures = new CopyOnWriteArrayList<>();

  int api;
  int grpc;

  @Test
  void sigkillDuringCompactionJobs_restart_everyAcknowledgedSpanExactlyOnce() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    api = CrashSafetyIT.freePort();
    grpc = CrashSafetyIT.freePort();

    // 1: blocks for the compactor, which stays idle (one empty cycle at start, next in an hour)
    Process seed = start("seed", "--skein.compactor.cycle-period=1h");
    Load seedLoad = new Load("seed");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (liveBlocks() < SEED_BLOCKS && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    long seeded = liveBlocks();
    seed.destroyForcibly();
    seed.waitFor(30, TimeUnit.SECONDS);
    seedLoad.stop();
    assertThat(seeded)
        .as("live blocks before the compaction rounds")
        .isGreaterThanOrEqualTo(SEED_BLOCKS);

    // 2: compactor every second under load; SIGKILL a random moment after a job starts
    List<String> kills = new ArrayList<>();
    int killsInJob = 0;
    List<Long> jobMillis = new ArrayList<>();
    int takeovers = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String name = "round-" + round;
      Process server = start(name, "--skein.compactor.cycle-period=1s");
      LogWatch log = new LogWatch(dir.resolve(name + ".log"));
      Load load = new Load(name);
      int before = log.started().size();
      long jobDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.started().size() <= before && System.nanoTime() < jobDeadline) {
        Thread.sleep(2);
      }
      long delay = random.nextLong(MAX_KILL_DELAY_MS + 1);
      Thread.sleep(delay);
      server.destroyForcibly(); // SIGKILL: no shutdown hook, the job's files stay where they are
      server.waitFor(30, TimeUnit.SECONDS);
      load.stop();
      log.poll();
      Set<String> open = log.open();
      jobMillis.addAll(log.finishedMillis());
      takeovers += log.takeovers;
      if (!open.isEmpty()) {
        killsInJob++;
      }
      kills.add(
          delay
              + " ms after a job start"
              + (log.started().size() > before ? "" : " (no job started in 60 s)")
              + (open.isEmpty() ? ", no job running" : ", job running into " + open));
    }

    // 3: restart, let the compactor take over the leases of the killed jobs and finish
    Process last = start("verify", "--skein.compactor.cycle-period=1s");
    try {
      LogWatch log = new LogWatch(dir.resolve("verify.log"));
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      long quietSince = System.nanoTime();
      int seen = -1;
      while (System.nanoTime() < settle) {
        log.poll();
        if (log.started().size() != seen || !log.open().isEmpty()) {
          seen = log.started().size();
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(4)) {
          break;
        }
        Thread.sleep(100);
      }
      jobMillis.addAll(log.finishedMillis());
      takeovers += log.takeovers;
      long ackedSpans = acknowledged.values().stream().mapToLong(Set::size).sum();
      long foundSpans = 0;
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
        List<String> ids = CrashSafetyIT.spanIds(api, e.getKey());
        foundSpans += e.getValue().stream().filter(ids::contains).count();
        if (!ids.containsAll(e.getValue()) || ids.size() != Set.copyOf(ids).size()) {
          wrong.add(e.getKey() + ": acked " + e.getValue() + ", found " + ids);
        }
      }
      long metas = metas().size();
      System.out.printf(
          "CompactionKillIT: %d kills, %d during a compaction job (%s); %d live blocks seeded;"
              + " %d jobs completed in %s ms; %d spans in %d traces acknowledged, %d found;"
              + " %d block metas in the store (%d live), %d jobs after the last restart, %d leases"
              + " of killed jobs taken over; %d traces wrong%n",
          ROUNDS,
          killsInJob,
          kills,
          seeded,
          jobMillis.size(),
          jobMillis,
          ackedSpans,
          acknowledged.size(),
          foundSpans,
          metas,
          liveBlocks(),
          log.finishedMillis().size(),
          takeovers,
          wrong.size());
      assertThat(flushFailures).isEmpty();
      assertThat(wrong).as("traces lost or duplicated").isEmpty();
      assertThat(foundSpans).isEqualTo(ackedSpans);
      assertThat(killsInJob).as("kills that hit a running compaction job: %s", kills).isPositive();
    } finally {
      last.destroy();
      last.waitFor(30, TimeUnit.SECONDS);
    }
  }

  Process start(String name, String cyclePeriod) throws Exception {
    List<String> args = new ArrayList<>(FlushCompactionKillIT.FAST_BLOCKS);
    // the same compactor restarted: it takes over the leases of its killed jobs at once
    args.add("--skein.compactor.instance-id=" + INSTANCE);
    args.add(cyclePeriod);
    return CrashSafetyIT.startServer(dir, api, grpc, name, args.toArray(String[]::new));
  }

  /** Every meta.json under the data directory but outside the compactor's scratch space. */
  List<Path> metas() throws IOException {
    Path scratch = dir.resolve("data").resolve("compactor");
    return RunningDataDir.files(
        dir.resolve("data"),
        p -> p.getFileName().toString().equals("meta.json") && !p.startsWith(scratch));
  }

  /** Blocks with a meta.json and no compacted marker. */
  long liveBlocks() throws IOException {
    if (!Files.exists(dir.resolve("data"))) {
      return 0;
    }
    return metas().stream()
        .filter(m -> !Files.exists(m.resolveSibling("meta.compacted.json")))
        .count();
  }

  /** Two SDK exporters streaming traces and a thread calling POST /flush twice a second. */
  final class Load {
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> threads = new ArrayList<>();

    Load(String name) {
      AtomicInteger batches = new AtomicInteger();
      for (int c = 0; c < 2; c++) {
        String service = name + "-" + c;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> CrashSafetyIT.stream(grpc, service, stop::get, acknowledged, batches)));
      }
      HttpRequest flush =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/flush"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!stop.get()) {
                      try {
                        Thread.sleep(500);
                        int status =
                            CrashSafetyIT.HTTP
                                .send(flush, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 204) {
                          flushFailures.add(name + ": POST /flush answered " + status);
                        }
                      } catch (InterruptedException e) {
                        return;
                      } catch (IOException e) {
                        return; // the server was killed
                      }
                    }
                  }));
    }

    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
  }

  /** Follows a server log file: compaction job starts and completions by output block id. */
  static final class LogWatch {
    final Path file;
    long offset;
    String partial = "";
    final Set<String> started = new LinkedHashSet<>();
    final Set<String> finished = new LinkedHashSet<>();
    final List<Long> millis = new ArrayList<>();
    int takeovers;

    LogWatch(Path file) {
      this.file = file;
    }

    /** Reads what the server appended since the last call. */
    void poll() throws IOException {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long length = f.length();
        if (length <= offset) {
          return;
        }
        byte[] bytes = new byte[(int) (length - offset)];
        f.seek(offset);
        f.readFully(bytes);
        offset = length;
        String text = partial + new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        partial = text.substring(end + 1);
        for (String line : text.substring(0, end + 1).split("\n")) {
          Matcher s = STARTED.matcher(line);
          if (s.find()) {
            started.add(s.group(2));
          }
          takeovers += line.contains("took over lease") ? 1 : 0;
          Matcher d = FINISHED.matcher(line);
          if (d.find()) {
            finished.add(d.group(2));
            millis.add(Long.parseLong(d.group(3)));
          }
        }
      }
    }

    Set<String> started() throws IOException {
      poll();
      return started;
    }

    /** Jobs started and not completed (yet). */
    Set<String> open() {
      Set<String> open = new LinkedHashSet<>(started);
      open.removeAll(finished);
      return open;
    }

    List<Long> finishedMillis() {
      return millis;
    }
  }
}
