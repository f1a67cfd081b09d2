package dev.skein.storage.block.vsk1;

import dev.skein.common.CorruptBlockException;
import dev.skein.common.SkeinException;
import dev.skein.storage.backend.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.hadoop.metadata.IndexReference;
import org.jspecify.annotations.Nullable;

/**
 * The Parquet side of a vsk1 reader: loads and keeps the file tail (footer plus column and offset
 * indexes, which parquet-java writes just before the footer) with one or two ranged reads, opens
 * {@link ParquetFileReader}s that never touch Hadoop, and plans coalesced ranged reads of exactly
 * the pages an operation needs. Thread-safe.
 */
final class ParquetAccess {

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private final ObjectStore store;
  private final String key;
  private final long length;
  private final long footerBytes;
  private final long footerCrc32c;
  private final long maxGapBytes;
  private final ParquetReadOptions options;
  private volatile @Nullable Tail tail;

  /** The cached end of the file: footer and page indexes. */
  record Tail(ParquetMetadata footer, long offset, byte[] bytes, long[] firstRows) {}

  ParquetAccess(
      ObjectStore store,
      String key,
      long length,
      long footerBytes,
      long footerCrc32c,
      long maxGapBytes) {
    this.store = store;
    this.key = key;
    this.length = length;
    this.footerBytes = footerBytes;
    this.footerCrc32c = footerCrc32c;
    this.maxGapBytes = maxGapBytes;
    this.options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new ZstdCodecFactory(3))
            .usePageChecksumVerification(true)
            .useStatsFilter(false)
            .useDictionaryFilter(false)
            .useBloomFilter(false)
            .useColumnIndexFilter(false)
            .useRecordFilter(false)
            .build();
  }

  String key() {
    return key;
  }

  /** The footer and page indexes, read once with one ranged read and checked against meta. */
  Tail tail() {
    Tail t = tail;
    if (t == null) {
      synchronized (this) {
        t = tail;
        if (t == null) {
          t = loadTail();
          tail = t;
        }
      }
    }
    return t;
  }

  /** A fresh file view holding the tail; prefetches made on it stay with the operation. */
  StoreInputFile file() {
    Tail t = tail();
    StoreInputFile f = new StoreInputFile(store, key, length);
    f.pin(t.offset(), t.bytes());
    return f;
  }

  ParquetFileReader open(StoreInputFile file) {
    try {
      return new ParquetFileReader(file, tail().footer(), options, file.newStream());
    } catch (IOException | RuntimeException e) {
      throw corrupt(length, "cannot open parquet reader", e);
    }
  }

  /**
   * Reads, with as few ranged reads as the gap limit allows, the dictionary pages and the data
   * pages of {@code columns} (all when null) in row group {@code rg} that overlap {@code rows}.
   */
  void prefetch(
      StoreInputFile file,
      ParquetFileReader reader,
      int rg,
      RowRanges rows,
      @Nullable Set<ColumnPath> columns)
      throws IOException {
    prefetch(file, reader, rg, rows, columns, maxGapBytes);
  }

  /** As above with an explicit gap: projected scans skip the unprojected columns between. */
  void prefetch(
      StoreInputFile file,
      ParquetFileReader reader,
      int rg,
      RowRanges rows,
      @Nullable Set<ColumnPath> columns,
      long gapBytes)
      throws IOException {
    BlockMetaData b = tail().footer().getBlocks().get(rg);
    List<long[]> parts = new ArrayList<>();
    for (ColumnChunkMetaData c : b.getColumns()) {
      if (columns != null && !columns.contains(c.getPath())) {
        continue;
      }
      OffsetIndex oi = reader.readOffsetIndex(c);
      if (oi == null || oi.getPageCount() == 0) {
        parts.add(new long[] {c.getStartingPos(), c.getTotalSize()});
        continue;
      }
      long firstData = oi.getOffset(0);
      if (c.getStartingPos() < firstData) {
        parts.add(new long[] {c.getStartingPos(), firstData - c.getStartingPos()});
      }
      for (int p = 0; p < oi.getPageCount(); p++) {
        if (rows.isOverlapping(oi.getFirstRowIndex(p), oi.getLastRowIndex(p, b.getRowCount()))) {
          parts.add(new long[] {oi.getOffset(p), oi.getCompressedPageSize(p)});
        }
      }
    }
    parts.sort(Comparator.comparingLong(p -> p[0]));
    long start = -1;
    long end = -1;
    for (long[] p : parts) {
      if (start >= 0 && p[0] - end <= gapBytes) {
        end = Math.max(end, p[0] + p[1]);
        continue;
      }
      if (start >= 0) {
        file.prefetch(start, Math.toIntExact(end - start));
      }
      start = p[0];
      end = p[0] + p[1];
    }
    if (start >= 0) {
      file.prefetch(start, Math.toIntExact(end - start));
    }
  }

  CorruptBlockException corrupt(long offset, String problem, Throwable cause) {
    if (cause instanceof SkeinException se && !(cause instanceof CorruptBlockException)) {
      throw se; // not-found and store failures are not corruption
    }
    if (cause instanceof CorruptBlockException c) {
      return c;
    }
    CorruptBlockException e = new CorruptBlockException(key, offset, problem + ": " + cause);
    e.initCause(cause);
    return e;
  }

  private Tail loadTail() {
    if (length < 12 || footerBytes < 12 || footerBytes > length) {
      throw new CorruptBlockException(
          key, 0, "data.parquet is " + length + " bytes with a tail of " + footerBytes);
    }
    long tailStart = length - footerBytes;
    byte[] bytes = store.getRange(key, tailStart, Math.toIntExact(footerBytes));
    if (bytes.length != footerBytes) {
      throw new CorruptBlockException(
          key, tailStart + bytes.length, "object shorter than meta.json says (" + length + ")");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    if (crc.getValue() != footerCrc32c) {
      throw new CorruptBlockException(
          key, tailStart, "footer and page index checksum mismatch (truncated or corrupted)");
    }
    for (int i = 0; i < 4; i++) {
      if (bytes[bytes.length - 4 + i] != MAGIC[i]) {
        throw new CorruptBlockException(key, length - 4, "no parquet magic at the end");
      }
    }
    StoreInputFile file = new StoreInputFile(store, key, length);
    file.pin(tailStart, bytes);
    ParquetMetadata footer;
    try {
      footer = ParquetFileReader.readFooter(file, options, file.newStream());
    } catch (IOException | RuntimeException e) {
      throw corrupt(tailStart, "unreadable parquet footer", e);
    }
    List<BlockMetaData> blocks = footer.getBlocks();
    long[] firstRows = new long[blocks.size() + 1];
    for (int i = 0; i < blocks.size(); i++) {
      firstRows[i + 1] = firstRows[i] + blocks.get(i).getRowCount();
    }
    return new Tail(footer, tailStart, bytes, firstRows);
  }

  /**
   * Where the tail a reader caches starts: the first column or offset index, which parquet-java
   * writes after the last row group and before the footer.
   */
  static long tailStart(ParquetMetadata footer, long footerStart) {
    long start = footerStart;
    for (BlockMetaData b : footer.getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        start = Math.min(start, offset(c.getColumnIndexReference(), start));
        start = Math.min(start, offset(c.getOffsetIndexReference(), start));
      }
    }
    return start;
  }

  private static long offset(IndexReference ref, long otherwise) {
    return ref == null ? otherwise : ref.getOffset();
  }
}
