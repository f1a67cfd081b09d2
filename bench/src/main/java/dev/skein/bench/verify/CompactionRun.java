package dev.skein.bench.verify;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The answer of {@code POST /compactor/run}: what one compaction cycle did.
 *
 * @param jobs jobs that merged blocks
 * @param blocksIn blocks merged
 * @param blocksOut blocks written
 * @param spansIn spans read
 * @param spansOut spans written
 * @param duplicateSpans duplicate spans dropped
 * @param durationMillis the cycle's wall time on the server
 */
public record CompactionRun(
    long jobs,
    long blocksIn,
    long blocksOut,
    long spansIn,
    long spansOut,
    long duplicateSpans,
    long durationMillis) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads the JSON body.
   *
   * @throws IllegalArgumentException when the body is not a compaction cycle object
   */
  public static CompactionRun parse(byte[] body) {
    Map<String, Long> n = new HashMap<>();
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_NUMBER_INT) {
          n.put(name, p.getLongValue());
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    return new CompactionRun(
        required(n, "jobs"),
        required(n, "blocksIn"),
        required(n, "blocksOut"),
        required(n, "spansIn"),
        required(n, "spansOut"),
        required(n, "duplicateSpans"),
        required(n, "durationMillis"));
  }

  private static long required(Map<String, Long> n, String name) {
    Long v = n.get(name);
    if (v == null) {
      throw new IllegalArgumentException("compaction answer has no integer '" + name + "'");
    }
    return v;
  }
}
