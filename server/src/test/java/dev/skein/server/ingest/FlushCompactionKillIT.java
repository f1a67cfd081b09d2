package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at seeded random moments while the server cuts a head block every second, completes it to
 * the object store and compacts blocks every second, under OTLP load from the SDK; restarted on the
 * same data directory after each kill. After the last restart every acknowledged span must be found
 * by id exactly once (nothing lost from the WAL, block or compaction; nothing duplicated by a
 * completion or compaction that was cut short and replayed).
 */
class FlushCompactionKillIT {

  static final long SEED = 20261125L;
  static final int KILLS = 3;

  /** Batches acknowledged in a round before the kill clock starts, so blocks are being cut. */
  static final int WARM_BATCHES = 40;

  @TempDir Path dir;

  /** trace id (hex) to the span ids (hex) acknowledged for it. */
  final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

  @Test
  void sigkillDuringFlushAndCompaction_restart_everyAcknowledgedSpanExactlyOnce() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    int api = CrashSafetyIT.freePort();
    int grpc = CrashSafetyIT.freePort();
    List<Long> killedAfterMillis = new ArrayList<>();
    for (int round = 0; round < KILLS; round++) {
      Process server = start(api, grpc, "run-" + round);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger batches = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        String service = "kill-" + round + "-" + c;
        clients.add(
            Thread.ofPlatform()
                .start(
                    () -> CrashSafetyIT.stream(grpc, service, stop::get, acknowledged, batches)));
      }
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (batches.get() < WARM_BATCHES && System.nanoTime() < warm) {
        Thread.sleep(10);
      }
      // blocks are cut every second and compacted every second: a kill 2 to 9 s into the load
      // lands while cut blocks are being completed (seconds each on a busy machine) or compacted
      long wait = 2000 + random.nextLong(7000);
      killedAfterMillis.add(wait);
      Thread.sleep(wait);
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : clients) {
        t.join(60_000);
      }
    }
    long spans = acknowledged.values().stream().mapToLong(Set::size).sum();
    Process last = start(api, grpc, "verify");
    try {
      // let the restarted server complete and compact what the kills left behind
      Thread.sleep(5000);
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
        List<String> ids = CrashSafetyIT.spanIds(api, e.getKey());
        if (!ids.containsAll(e.getValue()) || ids.size() != Set.copyOf(ids).size()) {
          wrong.add(e.getKey() + ": acked " + e.getValue() + ", found " + ids);
        }
      }
      long blocks =
          RunningDataDir.files(
                  dir.resolve("data"), p -> p.getFileName().toString().equals("meta.json"))
              .size();
      long flushed = 0;
      long compacted = 0;
      for (int round = 0; round < KILLS; round++) {
        for (String line : Files.readAllLines(dir.resolve("run-" + round + ".log"))) {
          flushed += line.contains("flushed block") ? 1 : 0;
          compacted += line.contains("compacted ") && line.contains(" blocks (") ? 1 : 0;
        }
      }
      System.out.printf(
          "FlushCompactionKillIT: %d kills after %s ms of load; %d spans in %d traces"
              + " acknowledged; before the kills %d blocks completed and %d compactions done;"
              + " %d block metas in the store; %d traces wrong%n",
          KILLS,
          killedAfterMillis,
          spans,
          acknowledged.size(),
          flushed,
          compacted,
          blocks,
          wrong.size());
      assertThat(wrong).as("traces lost or duplicated").isEmpty();
      assertThat(blocks).as("blocks were completed to the store").isPositive();
    } finally {
      last.destroy();
      last.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A head block cut every second, idle traces after 300 ms, the block list polled every second.
   */
  static final List<String> FAST_BLOCKS =
      List.of(
          "--skein.ingester.flush-check-period=100ms",
          "--skein.ingester.trace-idle-period=300ms",
          "--skein.ingester.max-block-duration=1s",
          "--skein.storage.blocklist-poll=1s");

  Process start(int api, int grpc, String name) throws Exception {
    List<String> args = new ArrayList<>(FAST_BLOCKS);
    args.add("--skein.compactor.cycle-period=1s");
    return CrashSafetyIT.startServer(dir, api, grpc, name, args.toArray(String[]::new));
  }
}
