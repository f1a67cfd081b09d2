package dev.skein.querier.search;

import static dev.skein.querier.search.SearchEngineTest.SEC;
import static dev.skein.querier.search.SearchEngineTest.ids;
import static dev.skein.querier.search.SearchEngineTest.query;
import static dev.skein.querier.search.SearchEngineTest.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.SearchResponse;
import dev.skein.querier.QuerierConfig;
import dev.skein.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Newest-first search with early stop: the answer equals an exhaustive search cut at {@code limit},
 * whatever the order in which parallel jobs finish, and older jobs are not run once it is certain.
 */
class NewestFirstRunTest {

  static final int BLOCKS = 40;

  /** Blocks like a tenant's: block i spans (1000 - 10i - 10, 1000 - 10i] seconds. */
  record Block(long newestSec, List<Trace> traces) {}

  static List<Block> blocks(long seed, double matchRate) {
    Random random = new Random(seed);
    List<Block> blocks = new ArrayList<>();
    int id = 1;
    for (int b = 0; b < BLOCKS; b++) {
      long newest = 1000 - 10L * b;
      List<Trace> traces = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        boolean error = random.nextDouble() < matchRate;
        traces.add(trace(id++, "cart", newest - random.nextInt(10), 5, error));
      }
      blocks.add(new Block(newest, traces));
    }
    return blocks;
  }

  static SearchSource source(List<Block> blocks, AtomicInteger runs, List<CountDownLatch> gates) {
    return (tenant, plan) -> {
      List<SearchJob> jobs = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        Block b = blocks.get(i);
        CountDownLatch gate = i < gates.size() ? gates.get(i) : null;
        jobs.add(
            new TraceListJob(
                "block " + i,
                b.newestSec() * SEC,
                plan,
                () -> {
                  runs.incrementAndGet();
                  if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                  }
                  return b.traces();
                }));
      }
      return jobs;
    };
  }

  /** What an exhaustive search answers: every error trace, newest first, cut at limit. */
  static List<String> exhaustive(List<Block> blocks, int limit) {
    List<Trace> all = new ArrayList<>();
    blocks.forEach(b -> all.addAll(b.traces()));
    return all.stream()
        .filter(
            t ->
                t.resourceSpans().get(1).getScopeSpans(0).getSpans(0).getStatus().getCode()
                    == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
        .sorted(
            Comparator.comparingLong(
                    (Trace t) ->
                        t.resourceSpans()
                            .get(0)
                            .getScopeSpans(0)
                            .getSpans(0)
                            .getStartTimeUnixNano())
                .reversed()
                .thenComparing(t -> t.traceId().toHex()))
        .limit(limit)
        .map(t -> t.traceId().toHex())
        .toList();
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 3, 7, 20, 500})
  void search_anyLimit_sameAsExhaustive(int limit) {
    for (long seed = 1; seed <= 10; seed++) {
      List<Block> blocks = blocks(seed, seed % 2 == 0 ? 0.5 : 0.05);
      try (SearchEngine engine =
          new SearchEngine(
              List.of(source(blocks, new AtomicInteger(), List.of())), QuerierConfig.defaults())) {
        SearchResponse r =
            engine.search(List.of("t"), query("{ status = error }", Map.of(), limit));
        assertThat(ids(r)).as("seed %d", seed).isEqualTo(exhaustive(blocks, limit));
      }
    }
  }

  @Test
  void search_limitInFirstBlocks_olderBlocksNotRun() {
    List<Block> blocks = blocks(7, 1.0); // every trace matches: 5 per block
    AtomicInteger runs = new AtomicInteger();
    try (SearchEngine engine =
        new SearchEngine(List.of(source(blocks, runs, List.of())), QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("{ status = error }", Map.of(), 8));

      assertThat(ids(r)).isEqualTo(exhaustive(blocks, 8));
      assertThat(r.getMetrics().getCompletedJobs())
          .as("merged: the 2 blocks holding 8")
          .isEqualTo(2);
      assertThat(runs.get())
          .as("at most the slow-start window ran ahead, not a wave of 32")
          .isLessThanOrEqualTo(2 + 4);
      assertThat(r.getMetrics().getTotalJobs()).isEqualTo(BLOCKS);
    }
  }

  @Test
  void search_newestBlockFinishesLast_sameAnswer() {
    List<Block> blocks = blocks(3, 1.0);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<CountDownLatch> gates = List.of(releaseFirst);
    AtomicInteger runs = new AtomicInteger();
    SearchSource source = source(blocks, runs, gates);
    // the second block's job releases the first one only after it returned its own traces
    SearchSource ordered =
        (tenant, plan) -> {
          List<SearchJob> jobs = new ArrayList<>(source.jobs(tenant, plan));
          SearchJob second = jobs.get(1);
          jobs.set(
              1,
              new SearchJob() {
                @Override
                public String describe() {
                  return second.describe();
                }

                @Override
                public long newestStartNanos() {
                  return second.newestStartNanos();
                }

                @Override
                public Result run() throws Exception {
                  Result r = second.run();
                  releaseFirst.countDown();
                  return r;
                }
              });
          return jobs;
        };
    try (SearchEngine engine = new SearchEngine(List.of(ordered), QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("{ status = error }", Map.of(), 3));

      assertThat(ids(r)).isEqualTo(exhaustive(blocks, 3));
      assertThat(r.getMetrics().getCompletedJobs()).isEqualTo(1);
    }
  }

  @Test
  void search_onlyAnOldBlockMatches_everyNewerBlockRead() {
    List<Block> blocks = blocks(5, 0.0);
    Block old = blocks.get(30);
    blocks.set(
        30, new Block(old.newestSec(), List.of(trace(9999, "cart", old.newestSec(), 5, true))));
    AtomicInteger runs = new AtomicInteger();
    try (SearchEngine engine =
        new SearchEngine(List.of(source(blocks, runs, List.of())), QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("{ status = error }", Map.of(), 20));

      assertThat(ids(r)).containsExactly(trace(9999, "x", 1, 1, true).traceId().toHex());
      assertThat(r.getMetrics().getCompletedJobs()).isEqualTo(BLOCKS);
    }
  }
}
