package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.TraceIdFilter;
import dev.skein.trace.TraceId;

/** vsk1's bloom shards ({@link TraceIdBloom}) seen as a {@link TraceIdFilter}. Stateless. */
final class Vsk1TraceIdFilter implements TraceIdFilter {

  static final Vsk1TraceIdFilter INSTANCE = new Vsk1TraceIdFilter();

  private Vsk1TraceIdFilter() {}

  @Override
  public String shardObjectName(int shard) {
    return Vsk1Format.bloomName(shard);
  }

  @Override
  public int shardOf(TraceId id, int shards) {
    return TraceIdBloom.shardOf(id, shards);
  }

  @Override
  public Shard parse(String objectKey, byte[] bytes) {
    return TraceIdBloom.deserialize(objectKey, bytes)::mightContain;
  }

  @Override
  public String toString() {
    return "Vsk1TraceIdFilter";
  }
}
