package dev.skein.querier.blocks;

import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.search.TraceListJob;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.Trace;
import dev.skein.traceql.plan.Conditions;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Search over a tenant's backend blocks in the window, one job per block, newest first. A block
 * whose search index proves that a condition every match needs holds nowhere in it is skipped
 * without reading span data. Otherwise only the traces holding the index's candidate rows (all when
 * the index cannot narrow the query) are read, with only the columns the query and its results need
 * ({@link SearchProjection}), streamed trace by trace and evaluated.
 */
public final class BlockSearchSource implements SearchSource {

  private final BlockList blocks;
  private final BlockReaders readers;

  /** Creates the source. */
  public BlockSearchSource(BlockList blocks, BlockReaders readers) {
    this.blocks = blocks;
    this.readers = readers;
  }

  @Override
  public List<SearchJob> jobs(String tenant, SearchPlan plan) {
    if (plan.recentOnly()) {
      return List.of(); // without a window only recent data is searched, as in Tempo
    }
    List<SearchJob> jobs = new ArrayList<>();
    for (BlockMeta meta : blocks.blocks(tenant)) {
      if (!plan.window().overlaps(meta.startTimeUnixNano(), meta.endTimeUnixNano())) {
        continue;
      }
      jobs.add(
          new TraceListJob(
              "block " + meta.prefix(), meta.endTimeUnixNano(), plan, () -> load(meta, plan)));
    }
    return jobs;
  }

  private List<Trace> load(BlockMeta meta, SearchPlan plan) {
    BlockReader reader = readers.reader(meta);
    Conditions conditions = plan.query().conditions();
    RoaringBitmap candidates = IndexPruning.candidates(conditions, reader.searchIndex());
    if (candidates != null && candidates.isEmpty()) {
      return List.of();
    }
    List<Trace> traces = new ArrayList<>();
    try (TraceIterator it =
        reader.iterateTraces(
            SearchProjection.of(conditions), candidates, SearchBounds.of(conditions))) {
      it.forEachRemaining(traces::add);
    }
    return traces;
  }
}
