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
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;

/**
 * Search over a tenant's backend blocks in the window, one job per block, newest first. A block
 * whose search index proves that a condition every match needs holds nowhere in it is skipped
 * without reading span data; the others are read trace by trace and evaluated.
 */
public final class BlockSearchSource implements SearchSource {

  /** Candidate rows below 1/4 of the block's spans are fetched trace by trace instead of a scan. */
  static final int SELECTIVE_FRACTION = 4;

  static final String TRACE_ID_COLUMN = "trace_id";

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
    RoaringBitmap candidates =
        IndexPruning.candidates(plan.query().conditions(), reader.searchIndex());
    if (candidates != null && candidates.isEmpty()) {
      return List.of();
    }
    if (candidates != null
        && candidates.getLongCardinality() * SELECTIVE_FRACTION <= meta.totalSpans()) {
      return candidateTraces(reader, candidates);
    }
    List<Trace> traces = new ArrayList<>();
    try (TraceIterator it = reader.iterateTraces()) {
      it.forEachRemaining(traces::add);
    }
    return traces;
  }

  /**
   * The traces holding the candidate rows: their ids come from the trace-id column of only those
   * rows' pages, then each trace is read through its bloom filter and page index.
   */
  private static List<Trace> candidateTraces(BlockReader reader, RoaringBitmap rows) {
    Set<TraceId> ids = new TreeSet<>();
    reader.scan(
        List.of(TRACE_ID_COLUMN),
        rows,
        row -> ids.add(TraceId.fromBytes((byte[]) row.get(TRACE_ID_COLUMN))));
    List<Trace> traces = new ArrayList<>(ids.size());
    for (TraceId id : ids) {
      reader.findTrace(id).ifPresent(traces::add);
    }
    return traces;
  }
}
