package dev.skein.testkit;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded traces whose spans carry many span attribute keys of every kind a block can give a slot
 * column (strings, long lowercase hex ids of even and odd length, ints, bools), plus doubles,
 * duplicate keys and keys with a fixed dedicated column. Each generator favours its keys in its own
 * seeded order, so blocks written from generators of different seeds assign their slot columns
 * differently; with more keys than slots, some keys stay in the generic list in one block and get a
 * slot in another. Deterministic for a seed.
 */
public final class ManyKeyTraces {

  private final Random random;
  private final List<String> keys = new ArrayList<>();

  /**
   * A generator over {@code keyCount} keys ({@code key.0} ...), each of a main kind (string, int,
   * bool, hex by key number modulo 4) that a span's value keeps most of the time.
   */
  public ManyKeyTraces(long seed, int keyCount) {
    this.random = new Random(seed);
    for (int i = 0; i < keyCount; i++) {
      keys.add("key." + i);
    }
    Collections.shuffle(keys, random);
  }

  /** One trace of 1–6 spans with up to 24 attributes each. */
  public Trace trace(TraceId id) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    int spans = 1 + random.nextInt(6);
    for (int s = 0; s < spans; s++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(id.toBytes()))
              .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(s + 1L).array()))
              .setName("op-" + random.nextInt(4))
              .setStartTimeUnixNano(1_000_000L + s * 10L)
              .setEndTimeUnixNano(2_000_000L + s * 10L);
      // keys in this generator's order from a random start: the first spans fix the slots
      int from = random.nextInt(Math.max(1, keys.size() / 4));
      int count = random.nextInt(25);
      for (int a = 0; a < count; a++) {
        span.addAttributes(attribute(keys.get((from + a) % keys.size())));
      }
      if (random.nextInt(5) == 0 && count > 0) {
        span.addAttributes(attribute(keys.get(from))); // a duplicate key, most of the time
      }
      scope.addSpans(span);
    }
    return new Trace(id, List.of(ResourceSpans.newBuilder().addScopeSpans(scope).build()));
  }

  private KeyValue attribute(String key) {
    int number = Integer.parseInt(key.substring(key.indexOf('.') + 1));
    int kind = random.nextInt(8) == 0 ? random.nextInt(6) : number % 4;
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (kind) {
      case 0 -> v.setStringValue("value-" + random.nextInt(5));
      case 1 -> v.setIntValue(random.nextLong());
      case 2 -> v.setBoolValue(random.nextBoolean());
      case 3 -> v.setStringValue("abcdef0123456789abc".substring(0, 15 + random.nextInt(5)));
      case 4 -> v.setDoubleValue(random.nextDouble());
      default -> {
        key = random.nextBoolean() ? "http.route" : "server.port"; // fixed dedicated columns
        if (random.nextBoolean()) {
          v.setStringValue("/r" + random.nextInt(3));
        } else {
          v.setIntValue(random.nextInt(3));
        }
      }
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }
}
