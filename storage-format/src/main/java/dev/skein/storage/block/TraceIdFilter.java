package dev.skein.storage.block;

import dev.skein.trace.TraceId;

/**
 * A block format's sharded trace-id filter (vsk1: the {@code bloom-<n>} objects), described well
 * enough that shards can be copied into a tenant-level object and tested without opening the block
 * ({@link dev.skein.storage.tenant.TenantBlooms}). Stateless and thread-safe.
 */
public interface TraceIdFilter {

  /** The object name, inside the block directory, of shard {@code shard}. */
  String shardObjectName(int shard);

  /** The shard, in [0, shards), that holds {@code id} in a block of {@code shards} shards. */
  int shardOf(TraceId id, int shards);

  /**
   * Parses the bytes of one shard object.
   *
   * @param objectKey where the bytes came from, for error messages
   * @throws dev.skein.common.CorruptBlockException when the bytes fail their checks
   */
  Shard parse(String objectKey, byte[] bytes);

  /** One parsed shard. Immutable and thread-safe. */
  interface Shard {

    /** False when the block certainly does not hold {@code id}; true when it may. */
    boolean mightContain(TraceId id);
  }
}
