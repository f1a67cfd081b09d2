package dev.skein.storage.block;

import dev.skein.storage.index.SearchIndex;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads one committed block with ranged reads only: it never downloads the whole data object.
 * Caches the small objects it needs again (bloom shards, Parquet footer and page indexes, search
 * index), so keep one reader per block while the block is hot. Thread-safe.
 *
 * <p>Every method throws {@link dev.skein.common.CorruptBlockException} (naming object and offset)
 * when stored bytes fail a check, and {@link dev.skein.storage.backend.ObjectNotFoundException}
 * when an object of the block is gone.
 */
public interface BlockReader extends AutoCloseable {

  /** The block's metadata. */
  BlockMeta meta();

  /**
   * Finds a trace by id: id range from meta, then one bloom shard, then row groups by trace-id
   * statistics, then only the pages holding the trace (page index).
   *
   * @return the trace in normalized form, or empty when the block does not hold it
   */
  Optional<Trace> findTrace(TraceId traceId);

  /**
   * As {@link #findTrace}, but without consulting the block's own bloom filter: for callers that
   * already tested the id against a copy of this block's filter (the tenant-level bloom index), so
   * that the shard is not fetched twice.
   */
  default Optional<Trace> findTraceUnfiltered(TraceId traceId) {
    return findTrace(traceId);
  }

  /**
   * Every trace in ascending id order, exactly as stored (for compaction). Streams: memory holds
   * one trace and the compressed pages of one row group. Close the iterator when done.
   */
  default TraceIterator iterateTraces() {
    return iterateTraces(TraceProjection.ALL, null);
  }

  /**
   * Every trace in ascending id order, as stored, for compaction: a {@link BlockWriter} of the same
   * format may copy a trace without decoding it ({@link BlockWriter#addStored}). Streams like
   * {@link #iterateTraces()}; by default it is that iterator, every trace decoded.
   */
  default StoredTraceIterator iterateStored() {
    return StoredTraceIterator.decoding(iterateTraces());
  }

  /**
   * The traces holding {@code rows} (row numbers from {@link SearchIndex#rows}, which always cover
   * whole traces), or every trace when null, in ascending id order, with only the parts of each
   * span that {@code projection} names. Reads only the projected columns and, with a row set, only
   * the pages holding those rows. Streams like {@link #iterateTraces()}.
   */
  default TraceIterator iterateTraces(TraceProjection projection, @Nullable RoaringBitmap rows) {
    return iterateTraces(projection, rows, SpanBounds.NONE);
  }

  /**
   * As {@link #iterateTraces(TraceProjection, RoaringBitmap)}, but may leave out traces none of
   * whose spans is within {@code bounds}: row groups whose statistics prove that none of their
   * spans is within every bound are skipped (a trace that continues into a row group that is read
   * is read whole).
   */
  TraceIterator iterateTraces(
      TraceProjection projection, @Nullable RoaringBitmap rows, SpanBounds bounds);

  /**
   * The rows of the traces that may satisfy {@code filter}, among {@code rows} (row numbers from
   * {@link SearchIndex#rows}, which cover whole traces) or all rows when null; always whole traces,
   * ready for {@link #iterateTraces(TraceProjection, RoaringBitmap, SpanBounds)}. Reads only the
   * columns the filter's conditions need, evaluates each condition exactly as the TraceQL engine
   * would on the span, and may leave out traces none of whose spans is within {@code bounds}. A
   * trace it cannot rule out is kept. Null means every row (the reader cannot narrow the filter).
   */
  default @Nullable RoaringBitmap filterTraces(
      TraceFilter filter, @Nullable RoaringBitmap rows, SpanBounds bounds) {
    return rows;
  }

  /** The flat columns {@link #scan} can project, e.g. {@code name}, {@code res_service_name}. */
  List<String> scanColumns();

  /**
   * Reads the given flat columns of every span row, or only of the rows in {@code rows} (row
   * numbers from {@link SearchIndex#rows}), in row order. Reads only the projected columns, and
   * with a row set only the pages holding those rows.
   *
   * @throws IllegalArgumentException when a column is not one of {@link #scanColumns()}
   */
  void scan(List<String> columns, @Nullable RoaringBitmap rows, Consumer<SpanRow> visitor);

  /** The block's search index (loaded on first use). */
  SearchIndex searchIndex();

  @Override
  void close();
}
