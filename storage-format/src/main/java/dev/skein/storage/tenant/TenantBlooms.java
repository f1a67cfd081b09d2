package dev.skein.storage.tenant;

import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.OwnedFiles;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One partition of a tenant's bloom index: copies of the trace-id filter shards of many blocks in
 * one object, so that a trace lookup reads one object instead of one shard per block. Shard {@code
 * j} of a block lives in partition {@code j % partitions}; a block of one shard (every small block)
 * lives in partition 0, which also says how many partitions there are. Written by {@link
 * TenantBloomsWriter}; blocks it does not cover fall back to their own shards. Immutable.
 *
 * <p>Object {@code <tenant>/bloom-index/<partition>}: {@link OwnedFiles} frame "tenant-blooms" v1
 * around partitions (int32), partition (int32), generation (int64, the writer's clock in Unix ms,
 * the same in every partition of one write), block count (int32), then per block: id (two int64),
 * format (int16 length + ASCII), shard count (int32), entries (int32), then per entry: shard
 * (int32), length (int32) and the shard object's exact bytes (which carry their own checksum).
 *
 * @param partitions how many partition objects this write produced
 * @param partition which one this is, in [0, partitions)
 * @param generation identifies one write; partitions of different writes are never combined
 * @param blocks the blocks covered, with the shards of this partition
 */
public record TenantBlooms(
    int partitions, int partition, long generation, Map<UUID, BlockShards> blocks) {

  /** The directory of the partitions under the tenant prefix. */
  public static final String DIR = "bloom-index";

  static final String FILE_NAME = "tenant-blooms";
  static final int FILE_VERSION = 1;

  /** Checks the numbers and copies the map. */
  public TenantBlooms {
    if (partitions < 1 || partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException(
          "partition must be in [0, partitions), was " + partition + " of " + partitions);
    }
    blocks = Map.copyOf(blocks);
  }

  /**
   * The shards of one block held by one partition.
   *
   * @param format the block's format version, e.g. {@code vsk1}
   * @param shardCount how many shards the block has in all
   * @param shards shard number → the shard object's bytes
   */
  public record BlockShards(String format, int shardCount, Map<Integer, byte[]> shards) {

    /** Checks references and copies the map. */
    public BlockShards {
      Objects.requireNonNull(format, "format");
      shards = Map.copyOf(shards);
    }
  }

  /** The key of partition {@code partition} of a tenant's bloom index. */
  public static String key(String tenant, int partition) {
    return tenant + "/" + DIR + "/" + partition;
  }

  /** The partition holding shard {@code shard} of any block. */
  public static int partitionOf(int shard, int partitions) {
    return shard % partitions;
  }

  /** The framed bytes of this partition. */
  public byte[] serialize() {
    int size = 4 + 4 + 8 + 4;
    for (BlockShards b : blocks.values()) {
      size += 16 + 2 + b.format().length() + 4 + 4;
      for (byte[] shard : b.shards().values()) {
        size += 8 + shard.length;
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.putInt(partitions).putInt(partition).putLong(generation).putInt(blocks.size());
    for (Map.Entry<UUID, BlockShards> e : blocks.entrySet()) {
      byte[] format = e.getValue().format().getBytes(StandardCharsets.US_ASCII);
      buf.putLong(e.getKey().getMostSignificantBits())
          .putLong(e.getKey().getLeastSignificantBits());
      buf.putShort((short) format.length).put(format);
      buf.putInt(e.getValue().shardCount()).putInt(e.getValue().shards().size());
      for (Map.Entry<Integer, byte[]> s : e.getValue().shards().entrySet()) {
        buf.putInt(s.getKey()).putInt(s.getValue().length).put(s.getValue());
      }
    }
    return OwnedFiles.frame(FILE_NAME, FILE_VERSION, buf.array());
  }

  /**
   * Reads a partition.
   *
   * @param objectKey where the bytes came from, for error messages
   * @throws CorruptBlockException when the frame or the body is inconsistent, naming the offset
   */
  public static TenantBlooms read(String objectKey, byte[] bytes) {
    ByteBuffer body = OwnedFiles.unframe(objectKey, FILE_NAME, FILE_VERSION, bytes);
    int start = body.arrayOffset();
    try {
      int partitions = body.getInt();
      int partition = body.getInt();
      long generation = body.getLong();
      int count = body.getInt();
      if (partitions < 1 || partition < 0 || partition >= partitions || count < 0) {
        throw new CorruptBlockException(
            objectKey, start, "bad header: partition " + partition + " of " + partitions);
      }
      Map<UUID, BlockShards> blocks = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        UUID id = new UUID(body.getLong(), body.getLong());
        byte[] format = new byte[body.getShort()];
        body.get(format);
        int shardCount = body.getInt();
        int entries = body.getInt();
        if (shardCount < 1 || entries < 0 || entries > shardCount) {
          throw new CorruptBlockException(
              objectKey, start + body.position(), "block " + id + ": bad shard counts");
        }
        Map<Integer, byte[]> shards = new LinkedHashMap<>();
        for (int s = 0; s < entries; s++) {
          int shard = body.getInt();
          byte[] b = new byte[body.getInt()];
          body.get(b);
          if (shard < 0 || shard >= shardCount || partitionOf(shard, partitions) != partition) {
            throw new CorruptBlockException(
                objectKey,
                start + body.position(),
                "block " + id + ": shard " + shard + " misplaced");
          }
          shards.put(shard, b);
        }
        blocks.put(
            id, new BlockShards(new String(format, StandardCharsets.US_ASCII), shardCount, shards));
      }
      if (body.hasRemaining()) {
        throw new CorruptBlockException(
            objectKey, start + body.position(), body.remaining() + " trailing bytes");
      }
      return new TenantBlooms(partitions, partition, generation, blocks);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new CorruptBlockException(objectKey, start + body.position(), "truncated body");
    }
  }
}
