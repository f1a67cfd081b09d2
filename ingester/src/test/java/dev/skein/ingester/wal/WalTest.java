package dev.skein.ingester.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {

  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  WalConfig config() {
    return new WalConfig(dir, 1 << 20, 8 << 20);
  }

  static byte[] payload(int i) {
    return String.format("%016d-record-%d", i, i).getBytes(StandardCharsets.US_ASCII);
  }

  List<String> replayed(List<Long> locations) {
    List<String> out = new ArrayList<>();
    try (Wal wal =
        Wal.open(
            "t1",
            config(),
            meters,
            (loc, p) -> {
              locations.add(loc);
              out.add(new String(p, StandardCharsets.US_ASCII));
            })) {
      return out;
    }
  }

  @Test
  void append_batchesOfEverySize_theReusedStagingBufferNeverLeaksOneIntoAnother() throws Exception {
    // 64 MiB segments so that the large batches share one; sizes shrink and grow around the
    // reused buffer's capacity and past Wal.STAGING_MAX_BYTES (a buffer of its own)
    WalConfig big = new WalConfig(dir, 64 << 20, 8 << 20);
    int[] sizes = {40, 3 << 20, 17, Wal.STAGING_MAX_BYTES + 1, 100, 2 << 20, 1 << 20, 33};
    List<byte[]> written = new ArrayList<>();
    List<Long> locations = new ArrayList<>();
    try (Wal wal = Wal.open("t1", big, meters, (l, p) -> {})) {
      for (int i = 0; i < sizes.length; i++) {
        byte[] p = new byte[sizes[i]];
        java.util.Arrays.fill(p, (byte) (i + 1));
        System.arraycopy(payload(i), 0, p, 0, Math.min(16, p.length));
        written.add(p);
        locations.add(wal.append(List.of(p)).get()[0]);
      }
      for (int i = 0; i < sizes.length; i++) {
        assertThat(wal.read(locations.get(i))).as("record %d", i).isEqualTo(written.get(i));
      }
    }
    List<byte[]> replayed = new ArrayList<>();
    try (Wal wal = Wal.open("t1", big, meters, (l, p) -> replayed.add(p))) {
      assertThat(replayed).containsExactlyElementsOf(written);
    }
  }

  @Test
  void append_concurrentAppendsQueued_oneFsyncForAll() throws Exception {
    try (Wal wal = Wal.openPaused("t1", config(), meters, (l, p) -> {})) {
      List<CompletableFuture<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(wal.append(List.of(payload(i))));
      }
      assertThat(futures).noneMatch(CompletableFuture::isDone);
      wal.startWriter();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      assertThat(wal.fsyncs()).isEqualTo(1);
      assertThat(wal.read(futures.get(7).get()[0])).isEqualTo(payload(7));
    }
    assertThat(meters.get("skein.wal.batch.records").summary().max()).isEqualTo(50);
  }

  @Test
  void append_manyThreads_everyFutureCompletesFewerFsyncsThanAppends() throws Exception {
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      List<CompletableFuture<long[]>> futures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int base = t * 100;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 100; i++) {
                        CompletableFuture<long[]> f = wal.append(List.of(payload(base + i)));
                        synchronized (futures) {
                          futures.add(f);
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      assertThat(wal.fsyncs()).isLessThanOrEqualTo(800);
    }
    assertThat(replayed(new ArrayList<>())).hasSize(800);
  }

  @Test
  void open_afterClose_replaysEveryRecordInOrder() throws Exception {
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      wal.append(List.of(payload(1), payload(2))).get();
      wal.append(List.of(payload(3))).get();
    }
    List<Long> locations = new ArrayList<>();
    assertThat(replayed(locations))
        .containsExactly(str(payload(1)), str(payload(2)), str(payload(3)));
    // every start opens a new segment; replaying twice sees the same records
    assertThat(replayed(new ArrayList<>())).hasSize(3);
  }

  @Test
  void open_tornTail_truncatedAndEarlierRecordsKept() throws Exception {
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      wal.append(List.of(payload(1), payload(2))).get();
    }
    Path segment = dir.resolve("t1").resolve(WalFormat.fileName(1));
    long intact = Files.size(segment);
    // a crash mid-write: a header promising 100 bytes, only 10 of them written
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(intact);
      f.writeInt(100);
      f.writeInt(12345);
      f.write(new byte[10]);
    }
    assertThat(replayed(new ArrayList<>())).containsExactly(str(payload(1)), str(payload(2)));
    assertThat(Files.size(segment)).isEqualTo(intact);
    assertThat(meters.get("skein.wal.replay.truncated.bytes").counter().count()).isEqualTo(18);
  }

  @Test
  void open_lastRecordFailsCrc_treatedAsTornTail() throws Exception {
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      wal.append(List.of(payload(1), payload(2))).get();
    }
    Path segment = dir.resolve("t1").resolve(WalFormat.fileName(1));
    flipLastByte(segment);
    assertThat(replayed(new ArrayList<>())).containsExactly(str(payload(1)));
  }

  @Test
  void open_zerosAfterLastRecord_truncated() throws Exception {
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      wal.append(List.of(payload(1))).get();
    }
    Path segment = dir.resolve("t1").resolve(WalFormat.fileName(1));
    long intact = Files.size(segment);
    Files.write(segment, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    assertThat(replayed(new ArrayList<>())).containsExactly(str(payload(1)));
    assertThat(Files.size(segment)).isEqualTo(intact);
  }

  @Test
  void open_crcCorruptionMidFile_recordSkippedRestKept() throws Exception {
    List<long[]> locs = new ArrayList<>();
    try (Wal wal = Wal.open("t1", config(), meters, (l, p) -> {})) {
      for (int i = 1; i <= 5; i++) {
        locs.add(wal.append(List.of(payload(i))).get());
      }
    }
    Path segment = dir.resolve("t1").resolve(WalFormat.fileName(1));
    long off = WalFormat.offset(locs.get(1)[0]);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(off + WalFormat.RECORD_HEADER_BYTES + 3);
      int b = f.read();
      f.seek(off + WalFormat.RECORD_HEADER_BYTES + 3);
      f.write(b ^ 0x55);
    }
    assertThat(replayed(new ArrayList<>()))
        .containsExactly(str(payload(1)), str(payload(3)), str(payload(4)), str(payload(5)));
    assertThat(meters.get("skein.wal.replay.corrupt.records").counter().count()).isEqualTo(1);
  }

  @Test
  void append_pastSegmentSize_rollsToNewSegment() throws Exception {
    WalConfig small = new WalConfig(dir, 1024, 8 << 20);
    try (Wal wal = Wal.open("t1", small, meters, (l, p) -> {})) {
      for (int i = 0; i < 100; i++) {
        wal.append(List.of(payload(i))).get();
      }
      assertThat(wal.segments().size()).isGreaterThan(2);
      int current = wal.currentSegment();
      wal.deleteSegmentsBefore(current);
      assertThat(wal.segments()).containsExactly(current);
    }
  }

  @Test
  void append_afterClose_failsWithoutWriting() {
    Wal wal = Wal.open("t1", config(), meters, (l, p) -> {});
    wal.close();
    assertThat(wal.append(List.of(payload(1)))).isCompletedExceptionally();
  }

  private static void flipLastByte(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int b = f.read();
      f.seek(f.length() - 1);
      f.write(b ^ 0xff);
    }
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
