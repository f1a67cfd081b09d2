package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.SpanBounds.Bound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Decides from the footer's column-chunk statistics (no I/O) which row groups a read must visit:
 * those where every {@link SpanBounds.Bound} may hold on some span, plus, from their neighbours,
 * the traces straddling into them (found with the trace-id page index of the cached tail), so every
 * trace read is whole. When statistics are missing a row group is read. Stateless.
 */
final class RowGroupPruning {

  private RowGroupPruning() {}

  /**
   * What to read of each row group: null to skip it, an empty set to read all of it, or the trace
   * ids (as 16-byte buffers) of the only traces to read from it — those that straddle into a row
   * group that is read, so every returned trace is whole.
   */
  static @Nullable Set<ByteBuffer>[] plan(
      List<BlockMetaData> blocks, SpanBounds bounds, ParquetFileReader index, ShapeTable shapes) {
    @SuppressWarnings("unchecked")
    @Nullable Set<ByteBuffer>[] plan = new Set[blocks.size()];
    if (bounds.bounds().isEmpty()) {
      Arrays.fill(plan, Set.of());
      return plan;
    }
    for (int rg = 0; rg < plan.length; rg++) {
      plan[rg] = mayMatch(blocks.get(rg), bounds, shapes) ? Set.of() : null;
    }
    ByteBuffer[] first = new ByteBuffer[plan.length];
    ByteBuffer[] last = new ByteBuffer[plan.length];
    for (int rg = 0; rg < plan.length; rg++) {
      ColumnIndex ci = columnIndex(index, blocks.get(rg));
      if (ci == null || ci.getMinValues().isEmpty()) {
        Arrays.fill(plan, Set.of()); // cannot tell where traces straddle: read everything
        return plan;
      }
      first[rg] = ci.getMinValues().get(0);
      last[rg] = ci.getMaxValues().get(ci.getMaxValues().size() - 1);
    }
    // a trace that straddles into a row group that is read is read there too, through any
    // number of row groups it spans
    for (int rg = 0; rg + 1 < plan.length; rg++) {
      if (reads(plan[rg], last[rg]) && last[rg].equals(first[rg + 1])) {
        plan[rg + 1] = with(plan[rg + 1], first[rg + 1]);
      }
    }
    for (int rg = plan.length - 1; rg > 0; rg--) {
      if (reads(plan[rg], first[rg]) && first[rg].equals(last[rg - 1])) {
        plan[rg - 1] = with(plan[rg - 1], last[rg - 1]);
      }
    }
    return plan;
  }

  private static boolean reads(@Nullable Set<ByteBuffer> plan, ByteBuffer traceId) {
    return plan != null && (plan.isEmpty() || plan.contains(traceId));
  }

  private static Set<ByteBuffer> with(@Nullable Set<ByteBuffer> plan, ByteBuffer traceId) {
    if (plan != null && plan.isEmpty()) {
      return plan; // read whole already
    }
    Set<ByteBuffer> out = plan == null ? new HashSet<>() : new HashSet<>(plan);
    out.add(traceId);
    return out;
  }

  private static boolean mayMatch(BlockMetaData b, SpanBounds bounds, ShapeTable shapes) {
    for (Bound bound : bounds.bounds()) {
      if (!mayMatch(b, bound) && !shapeMayMatch(b, bound, shapes)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether rows of {@code b} whose values of the bound's column stand in their span shape may
   * satisfy it: the row group's {@code shape} statistics give the range of its ordinals, and the
   * table the values those shapes hold. Without statistics, it may.
   */
  private static boolean shapeMayMatch(BlockMetaData b, Bound bound, ShapeTable shapes) {
    int column = shapes.size() > 1 ? shapes.column(column(bound.field())) : -1;
    if (column < 0) {
      return false; // every value is in the column
    }
    Statistics<?> stats = stats(b, "shape");
    if (stats == null) {
      return true;
    }
    int lo = (int) number(stats.genericGetMin());
    int hi = (int) number(stats.genericGetMax());
    for (Object v : shapes.valuesOfShapes(column, lo, hi)) {
      boolean possible =
          switch (bound.field()) {
            case NAME -> bound.text() == null || Binary.fromString(bound.text()).equals(v);
            case STATUS_CODE, KIND -> overlaps(number(v), number(v), bound);
            case DURATION_NANOS -> true;
          };
      if (possible) {
        return true;
      }
    }
    return false;
  }

  /** Whether the values of the bound's column in {@code b} may satisfy it (unknown: yes). */
  private static boolean mayMatch(BlockMetaData b, Bound bound) {
    {
      Statistics<?> stats = stats(b, column(bound.field()));
      if (stats == null) {
        return !allNull(b, column(bound.field()));
      }
      boolean possible =
          switch (bound.field()) {
            case NAME -> {
              byte[] v =
                  bound.text() == null ? null : bound.text().getBytes(StandardCharsets.UTF_8);
              yield v == null
                  || (Arrays.compareUnsigned(v, bytes(stats.genericGetMin())) >= 0
                      && Arrays.compareUnsigned(v, bytes(stats.genericGetMax())) <= 0);
            }
            case DURATION_NANOS ->
                overlaps(
                    Math.max(0, number(stats.genericGetMin())),
                    Math.max(0, number(stats.genericGetMax())),
                    bound);
            case STATUS_CODE, KIND ->
                overlaps(number(stats.genericGetMin()), number(stats.genericGetMax()), bound);
          };
      return possible;
    }
  }

  /** Whether {@code b}'s statistics of {@code column} say it has only nulls. */
  private static boolean allNull(BlockMetaData b, String column) {
    for (ColumnChunkMetaData c : b.getColumns()) {
      if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(column)) {
        Statistics<?> s = c.getStatistics();
        return s != null && !s.isEmpty() && s.isNumNullsSet() && s.getNumNulls() == b.getRowCount();
      }
    }
    return false;
  }

  private static boolean overlaps(long min, long max, Bound bound) {
    return max >= bound.min() && min <= bound.max();
  }

  private static String column(SpanBounds.Field field) {
    return switch (field) {
      case NAME -> "name";
      case STATUS_CODE -> "status_code";
      case KIND -> "kind";
      case DURATION_NANOS -> "duration_nano";
    };
  }

  private static @Nullable ColumnIndex columnIndex(ParquetFileReader index, BlockMetaData b) {
    ColumnChunkMetaData c = b.getColumns().get(0);
    if (!c.getPath().toDotString().equals("trace_id")) {
      throw new IllegalStateException("first column is " + c.getPath() + ", not trace_id");
    }
    try {
      return index.readColumnIndex(c);
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable Statistics<?> stats(BlockMetaData b, String column) {
    for (ColumnChunkMetaData c : b.getColumns()) {
      if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(column)) {
        Statistics<?> s = c.getStatistics();
        return s != null && s.hasNonNullValue() && !s.isEmpty() ? s : null;
      }
    }
    return null;
  }

  private static byte[] bytes(Object v) {
    return ((Binary) v).getBytes();
  }

  private static long number(Object v) {
    return ((Number) v).longValue();
  }
}
