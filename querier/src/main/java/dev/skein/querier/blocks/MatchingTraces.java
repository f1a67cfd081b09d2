package dev.skein.querier.blocks;

import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.TraceFilter;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.trace.Trace;
import dev.skein.traceql.Query;
import dev.skein.traceql.plan.Conditions;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Streams the traces of one block that may match a query, for the engine to evaluate: the search
 * index's candidate rows, narrowed (with pushdown on) by evaluating the query's span conditions on
 * the block's columns ({@link PushdownFilter}, {@link BlockReader#filterTraces}), then only those
 * traces assembled, with the given columns. Stateless.
 */
final class MatchingTraces {

  private MatchingTraces() {}

  /** Passes each trace of the block that may match {@code query} to {@code each}, in id order. */
  static void forEach(
      BlockReader reader,
      Query query,
      TraceProjection projection,
      boolean pushdown,
      Consumer<Trace> each) {
    Conditions conditions = query.conditions();
    RoaringBitmap rows = IndexPruning.candidates(conditions, reader.searchIndex());
    if (rows != null && rows.isEmpty()) {
      return;
    }
    SpanBounds bounds = SearchBounds.of(conditions);
    if (pushdown) {
      TraceFilter filter = PushdownFilter.of(query.root());
      if (!filter.isAny()) {
        rows = reader.filterTraces(filter, rows, bounds);
        if (rows != null && rows.isEmpty()) {
          return;
        }
      }
    }
    try (TraceIterator it = reader.iterateTraces(projection, rows, bounds)) {
      it.forEachRemaining(each);
    }
  }
}
