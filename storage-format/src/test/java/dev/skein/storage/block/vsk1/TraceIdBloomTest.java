package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.trace.TraceId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceIdBloomTest {

  @Test
  void added_alwaysFound_falsePositivesNearTarget() {
    Random random = new Random(1);
    TraceIdBloom bloom = TraceIdBloom.create(20_000, 0.01);
    TraceId[] ids = new TraceId[20_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new TraceId(random.nextLong(), random.nextLong());
      bloom.add(ids[i]);
    }
    TraceIdBloom read = TraceIdBloom.deserialize("k", bloom.serialize());
    for (TraceId id : ids) {
      assertThat(read.mightContain(id)).isTrue();
    }
    int fp = 0;
    for (int i = 0; i < 100_000; i++) {
      if (read.mightContain(new TraceId(random.nextLong(), random.nextLong()))) {
        fp++;
      }
    }
    assertThat(fp / 100_000.0).isBetween(0.002, 0.02);
  }

  @Test
  void shardCount_scalesWithTracesAndIsClamped() {
    assertThat(TraceIdBloom.shardCount(1, 0.01, 100 << 10)).isEqualTo(1);
    assertThat(TraceIdBloom.shardCount(1_000_000, 0.01, 100 << 10)).isEqualTo(12);
    assertThat(TraceIdBloom.shardCount(Long.MAX_VALUE / 1000, 0.01, 64)).isEqualTo(1000);
  }

  @Test
  void shardOf_spreadsEvenly() {
    Random random = new Random(2);
    int[] counts = new int[10];
    for (int i = 0; i < 100_000; i++) {
      counts[TraceIdBloom.shardOf(new TraceId(random.nextLong(), random.nextLong()), 10)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }
}
