package dev.skein.bench.dataset;

import dev.skein.bench.workload.TraceGenerator;
import dev.skein.bench.workload.WorkloadConfig;

/** How many workload traces hold a given number of spans. Stateless. */
public final class TraceBudget {

  private static final int SAMPLE = 2_000;

  private TraceBudget() {}

  /** Traces for about {@code spans} spans, from the mean size of the first 2,000 traces. */
  public static int tracesFor(long spans, long seed) {
    TraceGenerator g = new TraceGenerator(WorkloadConfig.defaults().withSeed(seed));
    long n = 0;
    for (int i = 0; i < SAMPLE; i++) {
      n += g.generate(i).spans().size();
    }
    return (int) Math.max(1, Math.round(spans / ((double) n / SAMPLE)));
  }
}
