package dev.skein.bench.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

  private final List<Long> sentAt = new CopyOnWriteArrayList<>();

  private final Sender instant =
      new Sender() {
        @Override
        public CompletableFuture<SendResult> send(byte[] body) {
          sentAt.add(System.nanoTime());
          return CompletableFuture.completedFuture(SendResult.ACCEPTED);
        }

        @Override
        public void close() {}
      };

  @Test
  void run_fixedRate_neverSendsAheadOfSchedule() throws Exception {
    List<Payload> payloads = payloads();
    double rate = 50_000;
    // The driver's schedule starts after this instant, so no send may come before
    // beforeRun + (spans sent before it) / rate. Measuring from the first send instead would
    // fail whenever that first send is late (a loaded machine) and the driver catches up.
    long beforeRun = System.nanoTime();

    LoadResult r =
        new LoadDriver(
                instant, new AckLedger(100), 4, rate, 0, Duration.ofMinutes(1), Duration.ZERO)
            .run(payloads);

    assertThat(r.requestsAccepted()).isEqualTo(payloads.size());
    long spansBefore = 0;
    for (int i = 0; i < payloads.size(); i++) {
      long earliest = (long) (spansBefore * 1e9 / rate);
      assertThat(sentAt.get(i) - beforeRun).isGreaterThanOrEqualTo(earliest);
      spansBefore += payloads.get(i).spanCount();
    }
    assertThat(r.ackLatencyFromSchedule().count()).isEqualTo(payloads.size());
  }

  @Test
  void run_warmup_leavesOutExactlyThePayloadsDueBeforeIt() throws Exception {
    List<Payload> payloads = payloads();
    double rate = 50_000;
    long totalSpans = payloads.stream().mapToLong(Payload::spanCount).sum();
    Duration warmup = Duration.ofNanos((long) (totalSpans * 1e9 / rate / 2));

    LoadResult r =
        new LoadDriver(
                instant,
                new AckLedger(100),
                4,
                rate,
                0,
                Duration.ofMinutes(1),
                Duration.ZERO,
                warmup)
            .run(payloads);

    long dueAfter = 0;
    long spansBefore = 0;
    for (Payload p : payloads) {
      if ((long) (spansBefore * 1e9 / rate) >= warmup.toNanos()) {
        dueAfter++;
      }
      spansBefore += p.spanCount();
    }
    assertThat(dueAfter).isBetween(1L, payloads.size() - 1L);
    assertThat(r.ackLatencyAfterWarmup().count()).isEqualTo(dueAfter);
    assertThat(r.ackLatencyFromSchedule().count()).isEqualTo(payloads.size());
    assertThat(r.warmupNanos()).isEqualTo(warmup.toNanos());
  }

  @Test
  void run_noTimeLeft_sendsNothing() throws Exception {
    List<Payload> payloads = payloads();

    LoadResult r =
        new LoadDriver(instant, new AckLedger(100), 4, 0, 0, Duration.ZERO, Duration.ZERO)
            .run(payloads);

    assertThat(r.requestsSent()).isZero();
    assertThat(r.requestsNotSent()).isEqualTo(payloads.size());
    assertThat(sentAt).isEmpty();
  }

  @Test
  void run_asFastAsAccepted_acknowledgesEveryTrace() throws Exception {
    AckLedger ledger = new AckLedger(100);

    LoadResult r =
        new LoadDriver(instant, ledger, 4, 0, 0, Duration.ofMinutes(1), Duration.ZERO)
            .run(payloads());

    assertThat(ledger.completeTraces()).isEqualTo(100);
    assertThat(r.spansAcked()).isEqualTo(r.spansSent());
  }

  private static List<Payload> payloads() {
    List<Payload> out = new ArrayList<>();
    Workload w = new Workload(WorkloadConfig.defaults().withTraces(100).withSpansPerBatch(200));
    while (w.hasNext()) {
      out.add(Payload.of(w.next(), Protocol.HTTP_PROTO));
    }
    return out;
  }
}
