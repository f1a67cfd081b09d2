package dev.skein.querier.blocks;

import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Trace by id over a tenant's backend blocks: only blocks whose id range (and time range, when a
 * window is given) may hold the trace are considered; the tenant's bloom index (when given) rules
 * out most of them from one object, and the rest are read, each through its own bloom shard (unless
 * the index already tested it) and page index.
 */
public final class BlockTraceSource implements TraceSource {

  private final BlockList blocks;
  private final BlockReaders readers;
  private final @Nullable TenantBloomIndex blooms;

  /** Creates the source without a tenant bloom index: one bloom shard read per block. */
  public BlockTraceSource(BlockList blocks, BlockReaders readers) {
    this(blocks, readers, null);
  }

  /** Creates the source; {@code blooms} (may be null) rules blocks out before they are read. */
  public BlockTraceSource(
      BlockList blocks, BlockReaders readers, @Nullable TenantBloomIndex blooms) {
    this.blocks = blocks;
    this.readers = readers;
    this.blooms = blooms;
  }

  @Override
  public List<TraceLookup> lookups(String tenant, TraceId traceId, TimeWindow window) {
    List<BlockMeta> candidates = new ArrayList<>();
    for (BlockMeta meta : blocks.blocks(tenant)) {
      if (meta.mayContain(traceId)
          && window.overlaps(meta.startTimeUnixNano(), meta.endTimeUnixNano())) {
        candidates.add(meta);
      }
    }
    Map<UUID, TenantBloomIndex.Verdict> verdicts =
        blooms == null || candidates.isEmpty()
            ? Map.of()
            : blooms.test(tenant, traceId, candidates);
    List<TraceLookup> out = new ArrayList<>();
    for (BlockMeta meta : candidates) {
      TenantBloomIndex.Verdict verdict =
          verdicts.getOrDefault(meta.blockId(), TenantBloomIndex.Verdict.UNKNOWN);
      if (verdict != TenantBloomIndex.Verdict.ABSENT) {
        out.add(new BlockLookup(meta, traceId, verdict == TenantBloomIndex.Verdict.MAYBE));
      }
    }
    return out;
  }

  /** One block's part of a lookup. */
  private final class BlockLookup implements TraceLookup {
    private final BlockMeta meta;
    private final TraceId traceId;
    private final boolean bloomTested;

    BlockLookup(BlockMeta meta, TraceId traceId, boolean bloomTested) {
      this.meta = meta;
      this.traceId = traceId;
      this.bloomTested = bloomTested;
    }

    @Override
    public String describe() {
      return "block " + meta.prefix();
    }

    @Override
    public Result find() {
      var reader = readers.reader(meta);
      return new Result(
          bloomTested ? reader.findTraceUnfiltered(traceId) : reader.findTrace(traceId), 0);
    }
  }
}
