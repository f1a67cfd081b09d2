package dev.skein.querier.blocks;

import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Trace by id over a tenant's backend blocks: only blocks whose id range (and time range, when a
 * window is given) may hold the trace are read, each through its bloom filter and page index.
 */
public final class BlockTraceSource implements TraceSource {

  private final BlockList blocks;
  private final BlockReaders readers;

  /** Creates the source. */
  public BlockTraceSource(BlockList blocks, BlockReaders readers) {
    this.blocks = blocks;
    this.readers = readers;
  }

  @Override
  public List<TraceLookup> lookups(String tenant, TraceId traceId, TimeWindow window) {
    List<TraceLookup> out = new ArrayList<>();
    for (BlockMeta meta : blocks.blocks(tenant)) {
      if (!meta.mayContain(traceId)
          || !window.overlaps(meta.startTimeUnixNano(), meta.endTimeUnixNano())) {
        continue;
      }
      out.add(
          new TraceLookup() {
            @Override
            public String describe() {
              return "block " + meta.prefix();
            }

            @Override
            public Result find() {
              return new Result(readers.reader(meta).findTrace(traceId), 0);
            }
          });
    }
    return out;
  }
}
