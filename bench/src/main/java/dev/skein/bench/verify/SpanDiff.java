package dev.skein.bench.verify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the spans read back for one trace differ from the spans acknowledged for it.
 *
 * @param missing acknowledged span ids not read back
 * @param duplicates extra copies of span ids read back more than once
 * @param extra span ids read back that were never acknowledged for this trace
 */
public record SpanDiff(int missing, int duplicates, int extra) {

  /** Compares {@code retrieved} (duplicates kept) against {@code acked}. */
  public static SpanDiff of(long[] acked, long[] retrieved) {
    Set<Long> expected = new HashSet<>(acked.length * 2);
    for (long id : acked) {
      expected.add(id);
    }
    Map<Long, Integer> seen = new HashMap<>(retrieved.length * 2);
    int duplicates = 0;
    int extra = 0;
    for (long id : retrieved) {
      int n = seen.merge(id, 1, Integer::sum);
      if (n > 1) {
        duplicates++;
      } else if (!expected.contains(id)) {
        extra++;
      }
    }
    int missing = 0;
    for (long id : expected) {
      if (!seen.containsKey(id)) {
        missing++;
      }
    }
    return new SpanDiff(missing, duplicates, extra);
  }

  public boolean exact() {
    return missing == 0 && duplicates == 0 && extra == 0;
  }
}
