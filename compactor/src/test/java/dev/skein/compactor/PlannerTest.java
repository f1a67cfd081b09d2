package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.BlockMeta;
import dev.skein.trace.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlannerTest {

  static final long HOUR = Duration.ofHours(1).toNanos();

  static BlockMeta block(long endNanos, int level, long traces, long bytes, String format) {
    return new BlockMeta(
        UUID.randomUUID(),
        "t",
        format,
        TraceId.parseHex("1"),
        TraceId.parseHex("ff"),
        endNanos - 1000,
        endNanos,
        traces,
        traces * 10,
        bytes,
        10,
        0,
        10,
        10,
        1,
        1,
        level,
        level,
        Instant.EPOCH);
  }

  static BlockMeta block(long endNanos, int level) {
    return block(endNanos, level, 100, 1000, "vsk1");
  }

  static CompactorConfig config(int maxInputs, long maxBytes) {
    CompactorConfig d = CompactorConfig.defaults();
    return new CompactorConfig(
        d.compactionWindow(),
        maxInputs,
        2,
        maxBytes,
        d.maxTraceBytes(),
        d.blockRetention(),
        Map.of(),
        d.compactedBlockRetention(),
        d.cyclePeriod(),
        d.blocklistPoll(),
        d.leaseDuration(),
        d.workDir());
  }

  final Planner planner = new Planner(config(4, 1L << 40));

  @Test
  void plan_noBlocks_noJobs() {
    assertThat(planner.plan("t", List.of())).isEmpty();
  }

  @Test
  void plan_singleBlockPerGroup_noJobs() {
    assertThat(
            planner.plan(
                "t", List.of(block(HOUR / 2, 0), block(HOUR * 3 / 2, 0), block(HOUR / 2, 1))))
        .isEmpty();
  }

  @Test
  void plan_twoWindows_newestWindowFirst() {
    BlockMeta old1 = block(HOUR / 4, 0);
    BlockMeta old2 = block(HOUR / 2, 0);
    BlockMeta new1 = block(HOUR + 10, 0);
    BlockMeta new2 = block(HOUR + 20, 0);
    List<CompactionJob> jobs = planner.plan("t", List.of(old1, new1, old2, new2));
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).inputs()).containsExactlyInAnyOrder(new1, new2);
    assertThat(jobs.get(1).inputs()).containsExactlyInAnyOrder(old1, old2);
    assertThat(jobs.get(0).window()).isEqualTo(1);
  }

  @Test
  void plan_mixedLevels_groupedByLevelLowestFirst_outputOneUp() {
    BlockMeta a0 = block(10, 0);
    BlockMeta b0 = block(20, 0);
    BlockMeta a1 = block(30, 1);
    BlockMeta b1 = block(40, 1);
    List<CompactionJob> jobs = planner.plan("t", List.of(a1, a0, b1, b0));
    assertThat(jobs).extracting(CompactionJob::level).containsExactly(0, 1);
    assertThat(jobs).extracting(CompactionJob::outputLevel).containsExactly(1, 2);
    assertThat(jobs.get(1).inputs()).containsExactlyInAnyOrder(a1, b1);
  }

  @Test
  void plan_moreThanMaxInputs_splitIntoJobsSmallestFirst() {
    List<BlockMeta> blocks = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      blocks.add(block(100 + i, 0, 100 - i, 1000, "vsk1"));
    }
    List<CompactionJob> jobs = planner.plan("t", blocks);
    // 9 blocks, 4 per job: 4 + 4, and the ninth alone is not worth a job
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).inputs()).containsExactlyInAnyOrderElementsOf(blocks.subList(5, 9));
    assertThat(jobs.get(1).inputs()).containsExactlyInAnyOrderElementsOf(blocks.subList(1, 5));
  }

  @Test
  void plan_sizeCap_jobsStayUnderMaxBlockBytes() {
    Planner capped = new Planner(config(8, 2500));
    List<BlockMeta> blocks = List.of(block(1, 0), block(2, 0), block(3, 0), block(4, 0));
    List<CompactionJob> jobs = capped.plan("t", blocks);
    assertThat(jobs)
        .hasSize(2)
        .allSatisfy(j -> assertThat(j.inputBytes()).isLessThanOrEqualTo(2500));
  }

  @Test
  void plan_blockOverSizeCap_leftAlone() {
    Planner capped = new Planner(config(8, 2500));
    BlockMeta huge = block(1, 0, 100, 5000, "vsk1");
    List<CompactionJob> jobs = capped.plan("t", List.of(huge, block(2, 0), block(3, 0)));
    assertThat(jobs).singleElement().satisfies(j -> assertThat(j.inputs()).doesNotContain(huge));
  }

  @Test
  void plan_differentFormats_neverMixed() {
    List<CompactionJob> jobs =
        planner.plan("t", List.of(block(1, 0, 1, 1, "vsk1"), block(2, 0, 1, 1, "vsk0")));
    assertThat(jobs).isEmpty();
  }

  @Test
  void job_generation_oneAboveHighestInput() {
    CompactionJob job = new CompactionJob("t", 0, 2, List.of(block(1, 2), block(2, 2)));
    assertThat(job.outputGeneration()).isEqualTo(3);
    assertThat(job.outputLevel()).isEqualTo(3);
  }
}
