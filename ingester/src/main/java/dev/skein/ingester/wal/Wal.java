package dev.skein.ingester.wal;

import dev.skein.common.OverCapacityException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's write-ahead log. Appenders enqueue; one writer thread takes everything queued,
 * writes it, fsyncs once and completes every appender's future (group commit), so a completed
 * future means the records are on disk and concurrent appenders share one fsync.
 *
 * <p>Thread-safe. Each start writes into a new segment; older segments are only read ({@link
 * #read}) and deleted ({@link #deleteSegmentsBefore}) once their data is in a completed block.
 */
public final class Wal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Wal.class);

  /** Retry-After of an append refused because the log could not be written (full disk). */
  static final Duration RETRY_AFTER_WRITE_FAILURE = Duration.ofSeconds(5);

  private final Path dir;
  private final String tenant;
  private final WalConfig config;
  private static final Append POISON = new Append(List.of());

  private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  private final Timer fsyncTimer;
  private final DistributionSummary batchRecords;
  private final Counter appendedBytes;
  private volatile @Nullable Thread writer;
  private volatile boolean closed;
  private volatile @Nullable IOException failure;
  private long fsyncs;
  private int segment;
  private long segmentSize;
  private @Nullable FileChannel out;

  /**
   * Group-commit batches up to this size are staged in one reused direct buffer: no heap copy of
   * every batch, and no temporary direct copy inside the JDK's FileChannel.write. Larger batches
   * get a buffer of their own.
   */
  static final int STAGING_MAX_BYTES = 8 << 20;

  /** The reused staging buffer; only touched in {@link #writeBatch}, which is synchronized. */
  private @Nullable ByteBuffer staging;

  private final SegmentChannels channels;

  /** Opens segment files for writing; a seam for tests that make the disk fail. */
  @FunctionalInterface
  interface SegmentChannels {
    SegmentChannels DEFAULT =
        file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** Creates {@code file}, which must not exist, for writing. */
    FileChannel create(Path file) throws IOException;
  }

  private Wal(
      Path dir, String tenant, WalConfig config, MeterRegistry meters, SegmentChannels channels) {
    this.channels = channels;
    this.dir = dir;
    this.tenant = tenant;
    this.config = config;
    this.fsyncTimer =
        Timer.builder("skein.wal.fsync")
            .description("Write-ahead log write+fsync latency per group-commit batch")
            .tag("tenant", tenant)
            .publishPercentileHistogram()
            .register(meters);
    this.batchRecords =
        DistributionSummary.builder("skein.wal.batch.records")
            .description("Records written per fsync (group commit batch size)")
            .tag("tenant", tenant)
            .register(meters);
    this.appendedBytes =
        Counter.builder("skein.wal.appended.bytes")
            .description("Bytes appended to the write-ahead log")
            .tag("tenant", tenant)
            .register(meters);
  }

  /**
   * Opens the tenant's log: replays every existing segment in order into {@code consumer} (torn
   * tails truncated), then starts a new segment and the writer thread.
   *
   * @param root the WAL root directory; the tenant's segments live in {@code root/tenant}
   * @throws UncheckedIOException when the directory or a segment cannot be read
   */
  public static Wal open(
      String tenant, WalConfig config, MeterRegistry meters, WalRecordConsumer consumer) {
    Wal wal = openPaused(tenant, config, meters, consumer);
    wal.startWriter();
    return wal;
  }

  /** Like {@link #open} but the writer thread is not started: for tests of group commit. */
  static Wal openPaused(
      String tenant, WalConfig config, MeterRegistry meters, WalRecordConsumer consumer) {
    return openPaused(tenant, config, meters, consumer, SegmentChannels.DEFAULT);
  }

  /** Like {@link #open}, writing segments through {@code channels}: for disk-failure tests. */
  static Wal open(
      String tenant,
      WalConfig config,
      MeterRegistry meters,
      WalRecordConsumer consumer,
      SegmentChannels channels) {
    Wal wal = openPaused(tenant, config, meters, consumer, channels);
    wal.startWriter();
    return wal;
  }

  private static Wal openPaused(
      String tenant,
      WalConfig config,
      MeterRegistry meters,
      WalRecordConsumer consumer,
      SegmentChannels channels) {
    Path dir = config.dir().resolve(tenant);
    Wal wal = new Wal(dir, tenant, config, meters, channels);
    try {
      Files.createDirectories(dir);
      int last = 0;
      long corrupt = 0;
      long truncated = 0;
      for (int seq : wal.segments()) {
        WalReplay.Result r = WalReplay.replay(dir.resolve(WalFormat.fileName(seq)), seq, consumer);
        corrupt += r.corruptRecords();
        truncated += r.truncatedBytes();
        last = seq;
      }
      Counter.builder("skein.wal.replay.corrupt.records")
          .description("Records skipped on replay because their CRC32C did not match")
          .tag("tenant", tenant)
          .register(meters)
          .increment(corrupt);
      Counter.builder("skein.wal.replay.truncated.bytes")
          .description("Bytes of torn tails truncated on replay")
          .tag("tenant", tenant)
          .register(meters)
          .increment(truncated);
      wal.openSegment(last + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("opening the WAL of tenant " + tenant + " in " + dir, e);
    }
    return wal;
  }

  void startWriter() {
    Thread t = Thread.ofPlatform().daemon().name("skein-wal-" + tenant).unstarted(this::writeLoop);
    writer = t;
    t.start();
  }

  /**
   * Appends records; the future completes when all of them are fsynced, with their locations in
   * order, or fails with an {@link OverCapacityException} (503 / UNAVAILABLE, retryable) when the
   * log cannot be written, e.g. on a full disk; nothing of a failed append is acknowledged.
   *
   * @param payloads record payloads, each starting with a 16-byte trace id; not copied
   */
  public CompletableFuture<long[]> append(List<byte[]> payloads) {
    Append a = new Append(payloads);
    if (closed) {
      a.future.completeExceptionally(new IllegalStateException("WAL of " + tenant + " is closed"));
      return a.future;
    }
    queue.add(a);
    if (closed && queue.remove(a)) {
      a.future.completeExceptionally(new IllegalStateException("WAL of " + tenant + " is closed"));
    }
    return a.future;
  }

  /**
   * Reads the payload of the record at {@code location}.
   *
   * @throws UncheckedIOException when it cannot be read or fails its CRC
   */
  public byte[] read(long location) {
    int seq = WalFormat.segment(location);
    long off = WalFormat.offset(location);
    try {
      FileChannel ch =
          readers.computeIfAbsent(
              seq,
              s -> {
                try {
                  return FileChannel.open(
                      dir.resolve(WalFormat.fileName(s)), StandardOpenOption.READ);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      ByteBuffer header = ByteBuffer.allocate(WalFormat.RECORD_HEADER_BYTES);
      WalReplay.readFully(ch, header, off);
      int len = header.getInt(0);
      if (len < WalFormat.MIN_PAYLOAD_BYTES || len > WalFormat.MAX_PAYLOAD_BYTES) {
        throw new IOException("impossible record length " + len);
      }
      ByteBuffer payload = ByteBuffer.allocate(len);
      WalReplay.readFully(ch, payload, off + WalFormat.RECORD_HEADER_BYTES);
      if (WalFormat.crc(payload.array(), 0, len) != header.getInt(4)) {
        throw new IOException("CRC32C mismatch");
      }
      return payload.array();
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(
          "reading WAL record "
              + dir.resolve(WalFormat.fileName(seq))
              + " at offset "
              + off
              + ": "
              + e.getMessage(),
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
  }

  /** The segment number of a location returned by {@link #append}. */
  public static int segmentOf(long location) {
    return WalFormat.segment(location);
  }

  /** The segment appends currently go to. */
  public synchronized int currentSegment() {
    return segment;
  }

  /**
   * Deletes every segment numbered below {@code segment} (never the current one): call only once
   * everything in them is in a durable block.
   */
  public void deleteSegmentsBefore(int segment) throws IOException {
    int limit = Math.min(segment, currentSegment());
    for (int seq : segments()) {
      if (seq < limit) {
        FileChannel ch = readers.remove(seq);
        if (ch != null) {
          ch.close();
        }
        Files.deleteIfExists(dir.resolve(WalFormat.fileName(seq)));
      }
    }
  }

  /**
   * Deletes every segment, the current one included; only after {@link #close}, when the caller
   * knows everything in the log is durable elsewhere (a clean shutdown that flushed every block).
   *
   * @throws IllegalStateException when the log is still open
   */
  public void deleteAllAfterClose() throws IOException {
    Thread w = writer;
    if (!closed || (w != null && w.isAlive())) {
      throw new IllegalStateException("WAL of " + tenant + " is still open");
    }
    for (int seq : segments()) {
      FileChannel ch = readers.remove(seq);
      if (ch != null) {
        ch.close();
      }
      Files.deleteIfExists(dir.resolve(WalFormat.fileName(seq)));
    }
  }

  /** Segment numbers on disk, ascending. */
  List<Integer> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> WalFormat.parseFileName(f.getFileName().toString()))
          .filter(s -> s >= 0)
          .sorted()
          .toList();
    }
  }

  /** fsyncs done so far (for tests of group commit). */
  synchronized long fsyncs() {
    return fsyncs;
  }

  /** Why the last write failed, or {@code null} when it did not. */
  public @Nullable IOException failure() {
    return failure;
  }

  /** Stops accepting appends, writes and fsyncs what is queued, closes the files. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Thread t = writer;
    if (t != null) {
      // no interrupt: an interrupted FileChannel write closes the channel
      queue.add(POISON);
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<Append> left = new ArrayList<>();
    queue.drainTo(left);
    for (Append a : left) {
      if (a == POISON) {
        continue;
      }
      a.future.completeExceptionally(new IllegalStateException("WAL of " + tenant + " is closed"));
    }
    synchronized (this) {
      closeQuietly(out);
      out = null;
    }
    readers.values().forEach(Wal::closeQuietly);
    readers.clear();
  }

  private void writeLoop() {
    List<Append> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      Append first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == POISON) {
        return;
      }
      batch.add(first);
      long bytes = first.bytes;
      Append next;
      while (bytes < config.maxBatchBytes() && (next = queue.poll()) != null) {
        if (next == POISON) {
          stop = true;
          break;
        }
        batch.add(next);
        bytes += next.bytes;
      }
      writeBatch(batch, bytes);
      batch.clear();
    }
  }

  private synchronized void writeBatch(List<Append> batch, long bytes) {
    long t0 = System.nanoTime();
    int records = 0;
    try {
      if (out != null
          && segmentSize > WalFormat.HEADER_BYTES
          && segmentSize + bytes > config.segmentBytes()) {
        closeQuietly(out);
        out = null;
      }
      if (out == null) {
        openSegment(segment + 1); // a rotation, or a retry after the last one failed
      }
      ByteBuffer buf = staging(bytes);
      for (Append a : batch) {
        for (int i = 0; i < a.payloads.size(); i++) {
          a.locations[i] = WalFormat.location(segment, segmentSize + buf.position());
          WalFormat.putRecord(buf, a.payloads.get(i));
          records++;
        }
      }
      buf.flip();
      FileChannel ch = Objects.requireNonNull(out);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
      fsyncs++;
      segmentSize += bytes;
      failure = null;
    } catch (IOException | RuntimeException e) {
      IOException io = e instanceof IOException x ? x : new IOException(e);
      failure = io;
      rewind();
      LOG.error(
          "WAL write of tenant {} failed; {} appends refused (503, retryable)",
          tenant,
          batch.size(),
          e);
      for (Append a : batch) {
        OverCapacityException refused =
            new OverCapacityException(
                "WAL_WRITE_FAILED: cannot write the write-ahead log of tenant "
                    + tenant
                    + " ("
                    + io.getMessage()
                    + "); nothing of this request was acknowledged, retry later",
                false,
                RETRY_AFTER_WRITE_FAILURE);
        refused.initCause(io);
        a.future.completeExceptionally(refused);
      }
      return;
    } finally {
      fsyncTimer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    batchRecords.record(records);
    appendedBytes.increment(bytes);
    for (Append a : batch) {
      a.future.complete(a.locations);
    }
  }

  /**
   * Drops the bytes of a failed batch (a full disk can take part of a write): the segment ends at
   * the last acknowledged record again, so the next batch's locations are right and replay never
   * meets a half-written record in the middle of a segment. When even that fails, the segment is
   * closed and the next batch starts a new one.
   */
  private ByteBuffer staging(long bytes) {
    if (bytes > STAGING_MAX_BYTES) {
      return ByteBuffer.allocate((int) bytes);
    }
    ByteBuffer b = staging;
    if (b == null || b.capacity() < bytes) {
      int grown = b == null ? 1 << 20 : b.capacity() * 2;
      b = ByteBuffer.allocateDirect((int) Math.min(STAGING_MAX_BYTES, Math.max(bytes, grown)));
      staging = b;
    }
    b.clear().limit((int) bytes);
    return b;
  }

  private void rewind() {
    FileChannel ch = out;
    if (ch == null) {
      return;
    }
    try {
      ch.truncate(segmentSize);
      ch.position(segmentSize);
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot truncate WAL segment {} of tenant {}; starting a new one", segment, tenant);
      closeQuietly(ch);
      out = null;
    }
  }

  private synchronized void openSegment(int seq) throws IOException {
    Path file = dir.resolve(WalFormat.fileName(seq));
    FileChannel ch = channels.create(file);
    try {
      ch.write(ByteBuffer.wrap(WalFormat.MAGIC));
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // a full disk: leave no headless segment behind, so that the retry can create it again
      closeQuietly(ch);
      Files.deleteIfExists(file);
      throw e;
    }
    // make the new file's directory entry durable too
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {} on this platform", dir, e);
    }
    out = ch;
    segment = seq;
    segmentSize = WalFormat.HEADER_BYTES;
  }

  private static void closeQuietly(@Nullable FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.warn("closing a WAL file failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Wal{" + dir + ", segmentBytes=" + config.segmentBytes() + "}";
  }

  private static final class Append {
    final List<byte[]> payloads;
    final long[] locations;
    final long bytes;
    final CompletableFuture<long[]> future = new CompletableFuture<>();

    Append(List<byte[]> payloads) {
      this.payloads = payloads;
      this.locations = new long[payloads.size()];
      long n = 0;
      for (byte[] p : payloads) {
        n += WalFormat.RECORD_HEADER_BYTES + p.length;
      }
      this.bytes = n;
    }
  }
}
