package dev.skein.storage.block.vsk1;

import java.io.IOException;
import java.util.Set;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * The row group a streaming iterator is reading: one {@link ParquetFileReader} with its pages
 * prefetched and a {@link RowSelection.Cursor} over the selected rows, opened per row group and
 * closed before the next. Errors name the row group's offset in {@code data.parquet}. Not
 * thread-safe.
 */
final class RowGroupReader<T> {

  private final ParquetAccess parquet;
  private final MessageType schema;
  private final RecordMaterializer<T> materializer;
  private final @Nullable Set<ColumnPath> paths;
  private final long gapBytes;
  private @Nullable ParquetFileReader reader;
  private RowSelection.@Nullable Cursor<T> cursor;
  private long start;

  /**
   * Creates the reader.
   *
   * @param schema the requested (projected) schema
   * @param paths the columns to prefetch, or null for every column
   * @param gapBytes the largest gap between wanted byte ranges that is read rather than skipped
   */
  RowGroupReader(
      ParquetAccess parquet,
      MessageType schema,
      RecordMaterializer<T> materializer,
      @Nullable Set<ColumnPath> paths,
      long gapBytes) {
    this.parquet = parquet;
    this.schema = schema;
    this.materializer = materializer;
    this.paths = paths;
    this.gapBytes = gapBytes;
  }

  /** Closes the open row group, if any, and opens {@code rows} of row group {@code rg}. */
  void open(int rg, BlockMetaData b, RowRanges rows) {
    close();
    start = b.getStartingPos();
    StoreInputFile file = parquet.file();
    ParquetFileReader r = parquet.open(file);
    reader = r;
    try {
      r.setRequestedSchema(schema);
      parquet.prefetch(file, r, rg, RowSelection.planned(rows, b.getRowCount()), paths, gapBytes);
      cursor = RowSelection.open(r, rg, rows, b.getRowCount(), schema, materializer);
    } catch (IOException | RuntimeException e) {
      close();
      throw parquet.corrupt(start, "cannot read row group " + rg, e);
    }
  }

  /** True while a row group is open. */
  boolean isOpen() {
    return cursor != null;
  }

  /** The next selected record of the open row group, or null when it has no more. */
  @Nullable T next() {
    RowSelection.Cursor<T> c = cursor;
    return c == null ? null : c.next();
  }

  /** The offset in {@code data.parquet} of the row group opened last, for error messages. */
  long start() {
    return start;
  }

  /** Closes the open row group, if any. */
  void close() {
    cursor = null;
    ParquetFileReader r = reader;
    reader = null;
    if (r != null) {
      try {
        r.close();
      } catch (IOException e) {
        throw parquet.corrupt(start, "close", e);
      }
    }
  }
}
