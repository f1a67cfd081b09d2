package dev.skein.querier.blocks;

import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.search.TraceListJob;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Search over a tenant's backend blocks in the window, one job per block, newest first. A block
 * whose search index proves that a condition every match needs holds nowhere in it is skipped
 * without reading span data. Otherwise the query's span conditions ({@link PushdownFilter}) are
 * evaluated on the block's columns, among the index's candidate rows (all when the index cannot
 * narrow the query), and only the traces that may match are read, with only the columns the query
 * and its results need ({@link SearchProjection}), streamed trace by trace and evaluated.
 */
public final class BlockSearchSource implements SearchSource {

  private final BlockList blocks;
  private final BlockReaders readers;
  private final boolean pushdown;

  /** Creates the source, with conditions evaluated on columns before traces are assembled. */
  public BlockSearchSource(BlockList blocks, BlockReaders readers) {
    this(blocks, readers, true);
  }

  /**
   * Creates the source.
   *
   * @param pushdown whether to evaluate the query's span conditions on the block's columns first
   *     ({@link BlockReader#filterTraces}) and assemble only the traces that may match; off, every
   *     candidate trace of the index is assembled (for comparisons)
   */
  public BlockSearchSource(BlockList blocks, BlockReaders readers, boolean pushdown) {
    this.blocks = blocks;
    this.readers = readers;
    this.pushdown = pushdown;
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
    List<Trace> traces = new ArrayList<>();
    MatchingTraces.forEach(
        readers.reader(meta),
        plan.query(),
        SearchProjection.of(plan.query().conditions()),
        pushdown,
        traces::add);
    return traces;
  }
}
