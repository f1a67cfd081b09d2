package dev.skein.storage.block.vsk1;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.fuzz.Corruptions;
import dev.skein.trace.TraceId;

/** Fuzzes the bloom shard reader: corrupted bytes read or throw CorruptBlockException. */
class TraceIdBloomFuzzTest {

  private static final byte[] VALID = valid();

  @FuzzTest(maxDuration = "30s")
  void deserialize_corrupted_readsOrThrowsCorruptBlock(FuzzedDataProvider data) {
    TraceId probe = new TraceId(data.consumeLong(), data.consumeLong());
    byte[] bytes = Corruptions.of(VALID, data);
    TraceIdBloom bloom;
    try {
      bloom = TraceIdBloom.deserialize("t/b/bloom-0", bytes);
    } catch (CorruptBlockException expected) {
      return;
    }
    bloom.mightContain(probe);
  }

  private static byte[] valid() {
    TraceIdBloom bloom = TraceIdBloom.create(100, 0.01);
    for (int i = 0; i < 100; i++) {
      bloom.add(new TraceId(i, i * 31L));
    }
    return bloom.serialize();
  }
}
