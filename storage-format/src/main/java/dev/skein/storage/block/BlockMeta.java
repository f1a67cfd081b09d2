package dev.skein.storage.block;

import dev.skein.trace.TraceId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@code meta.json} says about one block; writing it commits the block. Immutable. Serialized
 * by {@link BlockMetaJson}; the {@code format} names the {@link BlockFormat} that reads the block.
 *
 * @param blockId the block's id, also its directory under the tenant
 * @param tenant the owning tenant
 * @param format the block format version, e.g. {@code vsk1}
 * @param minTraceId the smallest trace id in the block
 * @param maxTraceId the largest trace id in the block
 * @param startTimeUnixNano the earliest span start, in Unix nanoseconds
 * @param endTimeUnixNano the latest span end, in Unix nanoseconds
 * @param totalTraces number of distinct traces
 * @param totalSpans number of spans (= rows of data.parquet)
 * @param dataBytes size of data.parquet
 * @param footerBytes size of the tail of data.parquet that readers cache: page indexes and footer
 * @param footerCrc32c CRC32C of those tail bytes (Parquet has no footer checksum of its own)
 * @param bloomBytes total size of all bloom shards
 * @param searchIndexBytes size of search.idx
 * @param rowGroups number of Parquet row groups
 * @param bloomShards number of bloom shard objects ({@code bloom-0} .. {@code bloom-(n-1)})
 * @param compactionLevel 0 for blocks cut by an ingester, +1 for each compaction
 * @param generation how many times the data of this block was rewritten; tie-breaker for planners
 * @param createdAt when the block was written
 */
public record BlockMeta(
    UUID blockId,
    String tenant,
    String format,
    TraceId minTraceId,
    TraceId maxTraceId,
    long startTimeUnixNano,
    long endTimeUnixNano,
    long totalTraces,
    long totalSpans,
    long dataBytes,
    long footerBytes,
    long footerCrc32c,
    long bloomBytes,
    long searchIndexBytes,
    int rowGroups,
    int bloomShards,
    int compactionLevel,
    int generation,
    Instant createdAt) {

  /** Name of the metadata object inside a block directory. */
  public static final String META_JSON = "meta.json";

  /** Checks references. */
  public BlockMeta {
    Objects.requireNonNull(blockId, "blockId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(minTraceId, "minTraceId");
    Objects.requireNonNull(maxTraceId, "maxTraceId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** {@code <tenant>/<blockId>/} */
  public String prefix() {
    return tenant + "/" + blockId + "/";
  }

  /** The key of an object of this block, e.g. {@code key("data.parquet")}. */
  public String key(String name) {
    return prefix() + name;
  }

  /** Whether {@code id} lies within [minTraceId, maxTraceId]. */
  public boolean mayContain(TraceId id) {
    return id.compareTo(minTraceId) >= 0 && id.compareTo(maxTraceId) <= 0;
  }

  /** Whether the block's time range overlaps [startUnixNano, endUnixNano]. */
  public boolean overlaps(long startUnixNano, long endUnixNano) {
    return startTimeUnixNano <= endUnixNano && endTimeUnixNano >= startUnixNano;
  }
}
