package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.tenant.TenantBlooms;
import dev.skein.storage.tenant.TenantIndex;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the compactor at every mutating store call of a compaction cycle followed by a deletion
 * cycle, then checks what the dead compactor left (no half block visible, nothing lost) and that a
 * successor finishes the work with every span exactly once and no stray objects.
 */
class CrashRecoveryTest {

  static final String TENANT = "acme";
  static final Duration PAST_COMPACTED_RETENTION =
      CompactorConfig.DEFAULT_COMPACTED_BLOCK_RETENTION.plusMinutes(1);

  @TempDir Path tmp;

  /** Every mutation index of a clean run (compaction cycle, then deletion cycle). */
  static Stream<Integer> crashPoints() {
    return IntStream.rangeClosed(1, cleanRunMutations()).boxed();
  }

  @ParameterizedTest(name = "crash at mutation {0}")
  @MethodSource("crashPoints")
  void runCycle_crashAtMutation_nothingLostAndSuccessorFinishes(int failAt) {
    InMemoryObjectStore raw = new InMemoryObjectStore();
    List<List<Trace>> inputs = inputs();
    for (List<Trace> block : inputs) {
      TestBlocks.write(raw, TENANT, block, tmp, 0);
    }
    Map<String, Integer> expected = TestBlocks.distinctSpans(inputs);
    TestBlocks.MutableClock clock = new TestBlocks.MutableClock(TestBlocks.NOW);

    runBoth(new FailingObjectStore(raw, failAt), clock, "dead");

    List<BlockMeta> survivors = TestBlocks.live(raw, TENANT);
    survivors.forEach(meta -> assertReadable(raw, meta));
    assertThat(TestBlocks.spanCounts(raw, survivors).keySet())
        .as("spans visible after the crash")
        .isEqualTo(expected.keySet());

    clock.advance(CompactorConfig.DEFAULT_LEASE_DURATION.plusMinutes(1));
    runBoth(raw, clock, "successor");
    clock.advance(PAST_COMPACTED_RETENTION);
    compactor(raw, clock, "successor").runCycle();

    List<BlockMeta> live = TestBlocks.live(raw, TENANT);
    assertThat(live).hasSize(1);
    assertThat(TestBlocks.spanCounts(raw, live)).isEqualTo(expected);
    List<String> stray = new ArrayList<>(raw.list(TENANT + "/"));
    stray.removeIf(
        k ->
            k.startsWith(live.get(0).prefix())
                || k.equals(TenantIndex.key(TENANT))
                || k.startsWith(TENANT + "/" + TenantBlooms.DIR + "/"));
    assertThat(stray).as("objects left behind").isEmpty();
  }

  private void runBoth(ObjectStore store, TestBlocks.MutableClock clock, String owner) {
    Compactor c = compactor(store, clock, owner);
    c.runCycle();
    clock.advance(PAST_COMPACTED_RETENTION);
    c.runCycle();
  }

  private Compactor compactor(ObjectStore store, TestBlocks.MutableClock clock, String owner) {
    return new Compactor(
        store,
        CompactorConfig.defaults().withWorkDir(tmp.resolve("work")),
        TestBlocks.SMALL,
        new SimpleMeterRegistry(),
        clock,
        owner);
  }

  private static void assertReadable(ObjectStore store, BlockMeta meta) {
    try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
      assertThat(r.findTrace(meta.minTraceId())).isPresent();
    }
  }

  static List<List<Trace>> inputs() {
    ShopTraces shop = new ShopTraces(11);
    List<Trace> shared = shop.traces(3);
    List<List<Trace>> blocks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<Trace> b = new ArrayList<>(shop.traces(10));
      b.addAll(shared);
      blocks.add(b);
    }
    return blocks;
  }

  private static int cleanRunMutations() {
    Path dir;
    try {
      dir = java.nio.file.Files.createTempDirectory("crash-count");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    InMemoryObjectStore raw = new InMemoryObjectStore();
    for (List<Trace> block : inputs()) {
      TestBlocks.write(raw, TENANT, block, dir, 0);
    }
    FailingObjectStore counting = new FailingObjectStore(raw, 0);
    TestBlocks.MutableClock clock = new TestBlocks.MutableClock(TestBlocks.NOW);
    Compactor c =
        new Compactor(
            counting,
            CompactorConfig.defaults().withWorkDir(dir.resolve("work")),
            TestBlocks.SMALL,
            new SimpleMeterRegistry(),
            clock,
            "count");
    c.runCycle();
    clock.advance(PAST_COMPACTED_RETENTION);
    c.runCycle();
    return counting.mutations();
  }
}
