package dev.skein.traceql.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz test of the TraceQL parser: any text either parses or fails with a {@link
 * TraceQLException}, never with another exception, a stack overflow or a hang. Runs the seed corpus
 * in {@code TraceQLFuzzTestInputs/} in the default build; see docs/reliability.md for real fuzzing.
 */
class TraceQLFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parse_anyText_parsesOrThrowsTraceQLException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Query q;
    try {
      q = TraceQL.parse(text);
    } catch (TraceQLException expected) {
      return;
    }
    assertThat(q.toString()).isNotNull();
    q.conditions();
  }
}
