package dev.skein.storage.block.vsk1;

import java.io.IOException;
import java.util.List;
import java.util.PrimitiveIterator;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Reads selected rows of one row group through parquet-java's page-skipping reader.
 *
 * <p>Works around apache/parquet-java GH-3747 (fixed after 1.18.1): when the last selected row lies
 * on a later page than the previous one for some column, that column returns a value from an
 * earlier row for it. So a selection is always extended by one sentinel row after its last row,
 * whose record is read and dropped; a selection that reaches the last row of the row group is read
 * without page skipping. Remove this once parquet-java carries the fix.
 */
final class RowSelection {

  private RowSelection() {}

  /** The rows whose pages {@link #read} will touch: the selection and its sentinel. */
  static RowRanges planned(RowRanges rows, long rowCount) {
    long last = last(rows);
    if (last >= rowCount - 1) {
      return RowRanges.createSingle(rowCount);
    }
    return RowRanges.union(rows, RowRanges.builder().addSelectedRow(last + 1).build());
  }

  /**
   * The selected rows of one row group, one record at a time: only the current record (and the row
   * group's pages) are in memory. The record is the materializer's, valid until the next call.
   */
  static final class Cursor<T> {
    private final @Nullable RecordReader<T> records;
    private final long pageRows;
    private final PrimitiveIterator.@Nullable OfLong indexes;
    private final List<RowRanges.Range> ranges;
    private int range;
    private long i;
    private long row = -1;

    private Cursor(
        @Nullable RecordReader<T> records,
        long pageRows,
        PrimitiveIterator.@Nullable OfLong indexes,
        List<RowRanges.Range> ranges) {
      this.records = records;
      this.pageRows = pageRows;
      this.indexes = indexes;
      this.ranges = ranges;
    }

    /** The next selected record, or null when the selection is exhausted. */
    @Nullable T next() {
      while (i < pageRows) {
        T record = records.read();
        long r = indexes != null ? indexes.nextLong() : i;
        i++;
        while (range < ranges.size() && ranges.get(range).to < r) {
          range++;
        }
        if (range < ranges.size() && ranges.get(range).from <= r) {
          row = r;
          return record;
        }
      }
      return null;
    }

    /** The row (within the row group) of the record {@link #next} returned last. */
    long row() {
      return row;
    }
  }

  /**
   * Opens a cursor over exactly the rows of {@code rows}, in order, projected to {@code schema}
   * (which must be the reader's requested schema).
   */
  static <T> Cursor<T> open(
      ParquetFileReader reader,
      int rg,
      RowRanges rows,
      long rowCount,
      MessageType schema,
      RecordMaterializer<T> materializer)
      throws IOException {
    if (rows.rowCount() == 0) {
      return new Cursor<>(null, 0, null, List.of());
    }
    long last = last(rows);
    boolean whole = last >= rowCount - 1;
    PageReadStore pages =
        whole ? reader.readRowGroup(rg) : reader.readFilteredRowGroup(rg, planned(rows, rowCount));
    RecordReader<T> records =
        new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, materializer);
    PrimitiveIterator.OfLong indexes = whole ? null : pages.getRowIndexes().orElse(null);
    return new Cursor<>(records, pages.getRowCount(), indexes, rows.getRanges());
  }

  /** Visits one selected row: its index within the row group and its record. */
  interface RowVisitor<T> {
    void visit(long rowInGroup, T row) throws IOException;
  }

  /** Reads exactly the rows of {@code rows}, in order, projected to {@code schema}. */
  static <T> void read(
      ParquetFileReader reader,
      int rg,
      RowRanges rows,
      long rowCount,
      MessageType schema,
      RecordMaterializer<T> materializer,
      RowVisitor<T> visitor)
      throws IOException {
    Cursor<T> cursor = open(reader, rg, rows, rowCount, schema, materializer);
    for (T record = cursor.next(); record != null; record = cursor.next()) {
      visitor.visit(cursor.row(), record);
    }
  }

  /** Visits one value of a single required column: its row index and the positioned reader. */
  interface ValueVisitor {
    void visit(long rowInGroup, ColumnReader column) throws IOException;
  }

  /**
   * Reads the selected rows of the one required column of {@code schema} straight from its column
   * reader, without assembling records: several times cheaper than {@link #read} per row.
   */
  static void readColumn(
      ParquetFileReader reader,
      int rg,
      RowRanges rows,
      long rowCount,
      MessageType schema,
      String createdBy,
      ValueVisitor visitor)
      throws IOException {
    if (rows.rowCount() == 0) {
      return;
    }
    boolean whole = last(rows) >= rowCount - 1;
    PageReadStore pages =
        whole ? reader.readRowGroup(rg) : reader.readFilteredRowGroup(rg, planned(rows, rowCount));
    ColumnReadStoreImpl store =
        new ColumnReadStoreImpl(
            pages,
            new SpanMaterializer(schema, ShapeTable.NONE).getRootConverter(),
            schema,
            createdBy);
    ColumnReader column = store.getColumnReader(schema.getColumns().get(0));
    PrimitiveIterator.OfLong indexes = whole ? null : pages.getRowIndexes().orElse(null);
    List<RowRanges.Range> ranges = rows.getRanges();
    int range = 0;
    for (long i = 0; i < pages.getRowCount(); i++) {
      long row = indexes != null ? indexes.nextLong() : i;
      while (range < ranges.size() && ranges.get(range).to < row) {
        range++;
      }
      if (range < ranges.size() && ranges.get(range).from <= row) {
        visitor.visit(row, column);
      }
      column.consume();
    }
  }

  private static long last(RowRanges rows) {
    List<RowRanges.Range> ranges = rows.getRanges();
    return ranges.isEmpty() ? -1 : ranges.get(ranges.size() - 1).to;
  }
}
