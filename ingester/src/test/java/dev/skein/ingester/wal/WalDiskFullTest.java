package dev.skein.ingester.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.OverCapacityException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full WAL disk (issue #9): appends that do not fit are refused as retryable (503 / UNAVAILABLE)
 * and never acknowledged, the log is not corrupted by the half-written batch, and appends succeed
 * again once space is back. Replay afterwards returns exactly the acknowledged records.
 */
class WalDiskFullTest {

  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicLong space = new AtomicLong(Long.MAX_VALUE);

  WalConfig config(long segmentBytes) {
    return new WalConfig(dir, segmentBytes, 8 << 20);
  }

  Wal open(WalConfig config) {
    return Wal.open(
        "t1",
        config,
        meters,
        (l, p) -> {},
        file ->
            new DiskFullChannel(
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                space));
  }

  static byte[] payload(int i) {
    return String.format("%016d-record-%d-%s", i, i, "x".repeat(200))
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void append_diskFillsUp_refusedRetryable_neverAcked_logIntact_recoversWhenSpaceIsBack()
      throws Exception {
    List<String> acked = new ArrayList<>();
    try (Wal wal = open(config(1 << 20))) {
      for (int i = 0; i < 5; i++) {
        wal.append(List.of(payload(i))).get();
        acked.add(new String(payload(i), StandardCharsets.US_ASCII));
      }
      // room for one and a half records: the first fits, the batch of two is cut in the middle
      space.set(payload(0).length + WalFormat.RECORD_HEADER_BYTES + 100);
      wal.append(List.of(payload(5))).get();
      acked.add(new String(payload(5), StandardCharsets.US_ASCII));
      CompletableFuture<long[]> refused = wal.append(List.of(payload(6), payload(7)));

      assertThatThrownBy(refused::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              OverCapacityException.class,
              e -> {
                assertThat(e.rateLimited()).as("503, not 429").isFalse();
                assertThat(e.retryAfter()).isEqualTo(Wal.RETRY_AFTER_WRITE_FAILURE);
              })
          .hasMessageContaining("WAL_WRITE_FAILED")
          .hasMessageContaining(DiskFullChannel.ENOSPC)
          .hasMessageContaining("nothing of this request was acknowledged");
      assertThat(wal.failure()).hasMessage(DiskFullChannel.ENOSPC);
      // still full: refused again, nothing half-written stays behind
      assertThatThrownBy(() -> wal.append(List.of(payload(8))).get())
          .cause()
          .isInstanceOf(OverCapacityException.class);

      space.set(Long.MAX_VALUE); // the operator frees space
      long[] after = wal.append(List.of(payload(9))).get();
      acked.add(new String(payload(9), StandardCharsets.US_ASCII));
      assertThat(wal.read(after[0])).isEqualTo(payload(9));
      assertThat(wal.failure()).isNull();
    }

    assertThat(replayed()).containsExactlyElementsOf(acked);
    assertThat(meters.get("skein.wal.replay.corrupt.records").counter().count()).isZero();
  }

  @Test
  void append_diskFullWhileStartingANewSegment_retriesTheSegmentOnceSpaceIsBack() throws Exception {
    List<String> acked = new ArrayList<>();
    // segments of ~1 KiB: every fourth record starts a new one
    try (Wal wal = open(config(1024))) {
      for (int i = 0; i < 4; i++) {
        wal.append(List.of(payload(i))).get();
        acked.add(new String(payload(i), StandardCharsets.US_ASCII));
      }
      space.set(0); // not even the next segment's header fits
      for (int i = 4; i < 8; i++) {
        int n = i;
        assertThatThrownBy(() -> wal.append(List.of(payload(n))).get())
            .cause()
            .isInstanceOf(OverCapacityException.class);
      }
      space.set(Long.MAX_VALUE);
      for (int i = 8; i < 12; i++) {
        long[] at = wal.append(List.of(payload(i))).get();
        acked.add(new String(payload(i), StandardCharsets.US_ASCII));
        assertThat(wal.read(at[0])).isEqualTo(payload(i));
      }
    }

    assertThat(replayed()).containsExactlyElementsOf(acked);
  }

  private List<String> replayed() {
    List<String> out = new ArrayList<>();
    try (Wal wal =
        Wal.open(
            "t1",
            config(1 << 20),
            meters,
            (l, p) -> out.add(new String(p, StandardCharsets.US_ASCII)))) {
      return out;
    }
  }
}
